import { Controller, Get, Query } from '@nestjs/common';

@Controller('search')
export class SearchController {
  private readonly titles: string[] = [];

  @Get()
  find(@Query('pattern') pattern: string) {
    const re = new RegExp(`^${pattern}$`); // vuln: redos
    return this.titles.filter((t) => re.test(t));
  }

  @Get('literal')
  findLiteral(@Query('text') text: string) {
    return this.titles.filter((t) => t.includes(text)); // safe: redos
  }
}
