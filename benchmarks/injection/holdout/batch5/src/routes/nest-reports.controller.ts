import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import * as _ from 'lodash';

@Controller('reports')
export class ReportsController {
  constructor(@InjectModel('Report') private readonly reports: Model<any>) {}

  @Post('query')
  query(@Body() filter: Record<string, unknown>) {
    return this.reports.find(filter).limit(20); // vuln: nosql
  }

  @Post('query-safe')
  querySafe(@Body('owner') owner: string) {
    return this.reports.find({ owner: String(owner) }).limit(20); // safe: nosql
  }

  @Post()
  create(@Body() body: any) {
    return new this.reports(body).save(); // vuln: mass
  }

  @Post('options')
  options(@Body() body: any) {
    const defaults = { pageSize: 20 };
    return _.mergeWith(defaults, body, (a: unknown, b: unknown) => (Array.isArray(a) ? b : undefined)); // vuln: prototype
  }

  @Get('download')
  download(@Query('file') file: string, @Res() res: Response) {
    res.download(file, { root: '/srv/reports' }); // safe: path
  }

  @Get('highlight')
  highlight(@Query('q') q: string) {
    const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'); // safe: redos
    return 'report text'.replace(re, '<b>$&</b>');
  }
}
