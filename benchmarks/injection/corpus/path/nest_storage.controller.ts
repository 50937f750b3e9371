import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { readBlob, readBlobSafe, listDir } from './storage/disk';
import { existsSync, createReadStream } from 'fs';
import { join, basename } from 'path';

@Controller('blobs')
export class BlobsController {
  @Get(':key')
  async get(@Param('key') key: string) {
    return readBlob(key);
  }

  @Get('safe/:key')
  async getSafe(@Param('key') key: string) {
    return readBlobSafe(key);
  }

  @Get()
  async list(@Query('dir') dir: string) {
    return listDir(dir);
  }

  @Get('export/:name')
  export(@Param('name') name: string, @Res() res: Response) {
    const file = join('/exports', name);
    if (!existsSync(file)) return res.status(404).end(); // vuln: path
    createReadStream(file).pipe(res); // vuln: path
  }

  @Get('export-safe/:name')
  exportSafe(@Param('name') name: string, @Res() res: Response) {
    const file = join('/exports', basename(name));
    if (!existsSync(file)) return res.status(404).end(); // safe: path
    createReadStream(file).pipe(res); // safe: path
  }
}
