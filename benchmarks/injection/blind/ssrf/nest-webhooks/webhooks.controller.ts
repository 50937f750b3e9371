import { Body, Controller, Param, Post } from '@nestjs/common';
import { WebhooksService, TestWebhookDto } from './webhooks.service';
import { WebhookRepository } from './webhook.repository';

@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly repo: WebhookRepository,
  ) {}

  @Post('test')
  test(@Body() dto: TestWebhookDto) {
    return this.webhooks.sendTest(dto);
  }

  @Post(':id/test')
  async testRegistered(@Param('id') id: string, @Body() dto: TestWebhookDto) {
    const hook = await this.repo.findOneOrFail(id);
    return this.webhooks.sendTestSafe(dto, hook.url);
  }
}
