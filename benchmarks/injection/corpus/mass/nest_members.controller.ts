import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Member } from './member.entity';
import { CreateMemberDto } from './dto';

@Controller('members')
export class MembersController {
  constructor(@InjectRepository(Member) private readonly members: Repository<Member>) {}

  @Post()
  create(@Body() body: any) {
    return this.members.save(body); // vuln: mass
  }

  @Post('safe')
  createSafe(@Body() dto: CreateMemberDto) {
    return this.members.save({ name: dto.name, email: dto.email }); // safe: mass
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    await this.members.update(id, body); // vuln: mass
    return this.members.findOneBy({ id: Number(id) });
  }
}
