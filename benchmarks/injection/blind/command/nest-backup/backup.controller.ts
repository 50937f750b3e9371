import { Body, Controller, Post } from '@nestjs/common';
import { BackupService } from './backup.service';

@Controller('backups')
export class BackupController {
  constructor(private readonly backups: BackupService) {}

  @Post()
  create(@Body('project') project: string) {
    return this.backups.archive(project);
  }

  @Post('v2')
  createSafe(@Body('project') project: string) {
    return this.backups.archiveSafe(project);
  }
}
