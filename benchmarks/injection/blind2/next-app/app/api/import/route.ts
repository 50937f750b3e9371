import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const sh = promisify(exec);
const run = promisify(execFile);

export async function POST(request: Request) {
  const form = await request.formData();
  const repo = String(form.get('repo'));
  if (form.get('shallow') === '1') {
    if (!/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/.test(repo)) return new Response('bad repo', { status: 400 });
    await run('git', ['clone', '--depth', '1', '--', repo, '/tmp/import']); // safe: command
  } else {
    await sh(`git clone ${repo} /tmp/import`); // vuln: command
  }
  return Response.json({ ok: true });
}
