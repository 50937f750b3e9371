import { Controller, Get, Query, Header, Res } from '@nestjs/common';
import { Response } from 'express';
import * as validator from 'validator';

@Controller('pages')
export class PagesController {
  @Get('unsubscribe')
  unsubscribe(@Query('email') email: string, @Res() res: Response) {
    res.send(`<p>${email} has been unsubscribed.</p>`); // vuln: xss
  }

  @Get('unsubscribe-safe')
  unsubscribeSafe(@Query('email') email: string, @Res() res: Response) {
    res.send(`<p>${validator.escape(email)} has been unsubscribed.</p>`); // safe: xss
  }
}
