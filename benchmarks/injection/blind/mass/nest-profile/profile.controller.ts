import { Body, Controller, Param, Patch, ValidationPipe } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Profile } from './profile.entity';

export class UpdateProfileDto {
  @IsOptional() @IsString() @MaxLength(60) nickname?: string;
  @IsOptional() @IsString() @MaxLength(500) about?: string;
}

@Controller('profiles')
export class ProfileController {
  constructor(@InjectRepository(Profile) private readonly profiles: Repository<Profile>) {}

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: Partial<Profile>) {
    await this.profiles.update(id, body); // vuln: mass
    return this.profiles.findOneBy({ id });
  }

  @Patch('v2/:id')
  async updateSafe(@Param('id') id: string, @Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) body: UpdateProfileDto) {
    await this.profiles.update(id, body); // safe: mass
    return this.profiles.findOneBy({ id });
  }
}
