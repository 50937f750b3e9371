import { Body, Controller, Post, BadRequestException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { findAccount, findAccountSafe } from './services/account-service';

@Controller('password-reset')
export class PasswordResetController {
  constructor(@InjectModel('Account') private readonly accounts: Model<any>) {}

  @Post('confirm')
  async confirm(@Body() body: any) {
    const account = await findAccount(this.accounts, body.username, body.token);
    if (!account) throw new BadRequestException();
    return { ok: true };
  }

  @Post('confirm-safe')
  async confirmSafe(@Body() body: any) {
    const account = await findAccountSafe(this.accounts, body.username, body.token);
    if (!account) throw new BadRequestException();
    return { ok: true };
  }

  @Post('lookup')
  async lookup(@Body('filter') filter: Record<string, unknown>) {
    return this.accounts.find(filter).lean(); // vuln: nosql
  }

  @Post('lookup-safe')
  async lookupSafe(@Body('email') email: string) {
    return this.accounts.find({ email: String(email) }).lean(); // safe: nosql
  }
}
