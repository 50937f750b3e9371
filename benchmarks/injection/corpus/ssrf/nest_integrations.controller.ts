import { Body, Controller, Post, Query, Get } from '@nestjs/common';
import { fetchJson, fetchInvoice } from './clients/http-client';
import request from 'superagent';

@Controller('integrations')
export class IntegrationsController {
  @Post('pull')
  async pull(@Body('endpoint') endpoint: string) {
    return fetchJson(endpoint);
  }

  @Get('invoice')
  async invoice(@Query('id') id: string) {
    return fetchInvoice(id);
  }

  @Post('notify')
  async notify(@Body() body: { url: string; message: string }) {
    await request.post(body.url).send({ text: body.message }); // vuln: ssrf
    return { sent: true };
  }

  @Post('notify-safe')
  async notifySafe(@Body() body: { channel: string; message: string }) {
    await request.post('https://hooks.slack.example/services/T000').send({ channel: body.channel, text: body.message }); // safe: ssrf
    return { sent: true };
  }
}
