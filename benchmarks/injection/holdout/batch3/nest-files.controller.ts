import { Controller, Get, Param, Post, Body, Headers, StreamableFile } from '@nestjs/common';
import { createReadStream } from 'fs';
import { join, basename } from 'path';
import { HttpService } from '@nestjs/axios';
import { merge } from 'lodash';

@Controller('files')
export class FilesController {
  constructor(private readonly http: HttpService) {}

  @Get(':name')
  get(@Param('name') name: string) {
    return new StreamableFile(createReadStream(join(process.cwd(), 'files', name))); // vuln: path
  }

  @Get('safe/:name')
  getSafe(@Param('name') name: string) {
    return new StreamableFile(createReadStream(join(process.cwd(), 'files', basename(name)))); // safe: path
  }

  @Post('mirror')
  mirror(@Body('source') source: string) {
    return this.http.get(source); // vuln: ssrf
  }

  @Post('prefs')
  prefs(@Body() body: Record<string, unknown>) {
    const prefs = { theme: 'light' };
    return merge(prefs, body); // vuln: prototype
  }

  @Get('agent')
  agent(@Headers('user-agent') agent: string) {
    return { agent }; // safe: xss
  }
}
