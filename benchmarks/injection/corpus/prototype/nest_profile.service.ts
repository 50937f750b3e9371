import { Body, Controller, Put } from '@nestjs/common';

function setPath(obj: any, path: string, value: unknown) {
  const parts = path.split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    cur[parts[i]] = cur[parts[i]] || {};
    cur = cur[parts[i]];
  }
  cur[parts[parts.length - 1]] = value;
}

@Controller('profile')
export class ProfileController {
  private profile: Record<string, unknown> = {};

  @Put('field')
  update(@Body('path') path: string, @Body('value') value: string) {
    setPath(this.profile, path, value); // vuln: prototype
    return this.profile;
  }

  @Put('field-safe')
  updateSafe(@Body('path') path: string, @Body('value') value: string) {
    const key = path.replace(/[^a-zA-Z0-9_]/g, '');
    this.profile = { ...this.profile, [key]: value }; // safe: prototype
    return this.profile;
  }
}
