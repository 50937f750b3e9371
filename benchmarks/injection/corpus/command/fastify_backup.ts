import fastify from 'fastify';
import { execSync, spawnSync } from 'node:child_process';

const server = fastify();

interface BackupBody {
  database: string;
  label: string;
}

server.post<{ Body: BackupBody }>('/backup', async (request) => {
  const { database, label } = request.body;
  const file = `/backups/${label}-${Date.now()}.sql`;
  execSync(`pg_dump ${database} > ${file}`); // vuln: command
  return { file };
});

server.post<{ Body: BackupBody }>('/backup-safe', async (request) => {
  const { database, label } = request.body;
  const file = `/backups/${label.replace(/[^a-z0-9-]/gi, '')}-${Date.now()}.sql`;
  spawnSync('pg_dump', ['--file', file, '--', database]); // safe: command
  return { file };
});

server.get('/disk', async (request) => {
  const { mount } = request.query as { mount: string };
  const out = spawnSync('df', ['-h', mount], { shell: true }); // vuln: command
  return out.stdout.toString();
});

server.get('/disk-safe', async (request) => {
  const { mount } = request.query as { mount: string };
  const out = spawnSync('df', ['-h', mount]); // safe: command
  return out.stdout.toString();
});

export default server;
