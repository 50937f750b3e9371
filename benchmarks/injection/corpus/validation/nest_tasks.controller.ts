import { Body, Controller, Param, ParseIntPipe, Post, Put, UsePipes, ValidationPipe } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Task } from './task.entity';

@Controller('tasks')
export class TasksController {
  constructor(@InjectRepository(Task) private readonly tasks: Repository<Task>) {}

  @Put(':id/title')
  async rename(@Param('id') id: string, @Body('title') title: string) {
    await this.tasks.update({ id: Number(id) }, { title }); // vuln: validation
  }

  @Put('v2/:id/title')
  @UsePipes(new ValidationPipe({ whitelist: true }))
  async renameSafe(@Param('id', ParseIntPipe) id: number, @Body('title') title: string) {
    await this.tasks.update({ id }, { title }); // safe: validation
  }
}
