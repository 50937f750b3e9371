import { Controller, Post, Body, Query, Get, BadRequestException } from '@nestjs/common';
import { exec, execFile } from 'child_process';
import { promisify } from 'util';
import * as shell from 'shelljs';

const run = promisify(exec);
const runFile = promisify(execFile);
const ALLOWED_CODECS = ['h264', 'vp9', 'av1'];

@Controller('media')
export class MediaController {
  @Post('transcode')
  async transcode(@Body('file') file: string, @Body('codec') codec: string) {
    const cmd = `ffmpeg -i /uploads/${file} -c:v ${codec} /out/${file}.mp4`;
    const { stdout } = await run(cmd); // vuln: command
    return { log: stdout };
  }

  @Post('transcode-safe')
  async transcodeSafe(@Body('file') file: string, @Body('codec') codec: string) {
    if (!ALLOWED_CODECS.includes(codec)) throw new BadRequestException('codec');
    const { stdout } = await runFile('ffmpeg', ['-i', `/uploads/${file}`, '-c:v', codec, `/out/${file}.mp4`]); // safe: command
    return { log: stdout };
  }

  @Get('thumbnail')
  thumbnail(@Query('name') name: string) {
    return shell.exec(`convert /uploads/${name} -resize 128x128 /thumbs/${name}`).code; // vuln: command
  }

  @Get('thumbnail-safe')
  thumbnailSafe(@Query('id') id: string) {
    const n = Number(id);
    return shell.exec(`convert /uploads/${n}.png -resize 128x128 /thumbs/${n}.png`).code; // safe: command
  }
}
