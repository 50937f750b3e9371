import { Body, Controller, Post, UsePipes, ValidationPipe } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { IsEmail, IsIn } from 'class-validator';
import { Invite } from './invite.schema';

export class CreateInviteDto {
  @IsEmail() email: string;
  @IsIn(['member', 'viewer']) role: string;
}

@Controller('invites')
export class InvitesController {
  constructor(@InjectModel(Invite.name) private readonly invites: Model<Invite>) {}

  @Post()
  async create(@Body('email') email: string, @Body('role') role: string) {
    return this.invites.create({ email, role }); // vuln: validation
  }

  @Post('v2')
  @UsePipes(new ValidationPipe({ whitelist: true }))
  async createSafe(@Body() dto: CreateInviteDto) {
    return this.invites.create({ email: dto.email, role: dto.role }); // safe: validation
  }
}
