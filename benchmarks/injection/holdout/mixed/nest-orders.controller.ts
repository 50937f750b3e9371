import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { Request } from 'express';
import { PrismaService } from './prisma.service';
import * as fs from 'fs';

@Controller('orders')
export class OrdersController {
  constructor(private readonly prisma: PrismaService) {}

  @Get('search')
  search(@Query('q') q: string) {
    return this.prisma.$queryRawUnsafe(`SELECT * FROM "Order" WHERE note ILIKE '%${q}%'`); // vuln: sql
  }

  @Get('search-safe')
  searchSafe(@Query('q') q: string) {
    return this.prisma.$queryRawUnsafe('SELECT * FROM "Order" WHERE note ILIKE $1', `%${q}%`); // safe: sql
  }

  @Post()
  create(@Body() body: Record<string, unknown>) {
    return this.prisma.order.create({ data: body as any }); // vuln: mass
  }

  @Get('export')
  export(@Req() req: Request) {
    return fs.readFileSync('/exports/' + req.query.file); // vuln: path
  }

  @Get('matches')
  matches(@Query('pattern') pattern: string) {
    return ['a', 'b'].filter((s) => new RegExp(pattern).test(s)); // vuln: redos
  }
}
