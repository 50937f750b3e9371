import { Controller, Get, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  @Get('by-email')
  byEmail(@Query('email') email: string) {
    return this.usersService.findByEmail(email);
  }

  @Get('by-email-safe')
  byEmailSafe(@Query('email') email: string) {
    return this.usersService.findByEmailSafe(email);
  }

  @Get('continue')
  continue(@Query('to') to: string, @Res() res: Response) {
    res.redirect(to); // vuln: redirect
  }

  @Get('continue-safe')
  continueSafe(@Query('to') to: string, @Res() res: Response) {
    res.redirect(to && to.startsWith('/') && !to.startsWith('//') ? to : '/'); // safe: redirect
  }
}
