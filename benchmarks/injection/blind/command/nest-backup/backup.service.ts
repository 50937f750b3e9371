import { Injectable } from '@nestjs/common';
import { exec, execFile } from 'child_process';
import { promisify } from 'util';

const sh = promisify(exec);
const run = promisify(execFile);

@Injectable()
export class BackupService {
  async archive(project: string): Promise<string> {
    const target = `/var/backups/${project}-${Date.now()}.tar.gz`;
    await sh(`tar -czf ${target} /srv/projects/${project}`); // vuln: command
    return target;
  }

  async archiveSafe(project: string): Promise<string> {
    if (!/^[a-z0-9-]{1,40}$/.test(project)) throw new Error('invalid project name');
    const target = `/var/backups/${project}-${Date.now()}.tar.gz`;
    await sh(`tar -czf ${target} /srv/projects/${project}`); // safe: command
    return target;
  }
}
