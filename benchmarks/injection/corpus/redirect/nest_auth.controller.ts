import { Controller, Get, Query, Res, Redirect } from '@nestjs/common';
import { Response } from 'express';

const ALLOWED = new Set(['/profile', '/settings', '/billing']);

@Controller('auth')
export class AuthController {
  @Get('done')
  done(@Query('redirect_uri') redirectUri: string, @Res() res: Response) {
    return res.redirect(redirectUri); // vuln: redirect
  }

  @Get('done-safe')
  doneSafe(@Query('redirect_uri') redirectUri: string, @Res() res: Response) {
    const target = ALLOWED.has(redirectUri) ? redirectUri : '/profile';
    return res.redirect(target); // safe: redirect
  }
}
