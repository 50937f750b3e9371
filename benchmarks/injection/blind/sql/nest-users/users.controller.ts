import { Controller, Get, Query, Param } from '@nestjs/common';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  @Get('lookup')
  lookup(@Query('email') email: string) {
    return this.usersService.findByEmail(email);
  }

  @Get('v2/lookup')
  lookupSafe(@Query('email') email: string) {
    return this.usersService.findByEmailSafe(email);
  }

  @Get('roles/:role/count')
  count(@Param('role') role: string) {
    return this.usersService.countByRole(role);
  }

  @Get('v2/roles/:role/count')
  countSafe(@Param('role') role: string) {
    return this.usersService.countByRoleSafe(role);
  }
}
