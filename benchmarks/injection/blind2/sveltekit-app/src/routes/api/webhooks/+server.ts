import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exec } from 'node:child_process';

const HOOKS: Record<string, string> = { deploy: '/opt/hooks/deploy.sh', reindex: '/opt/hooks/reindex.sh' };

export const POST: RequestHandler = async ({ request, url }) => {
  const body = await request.json();
  if (url.searchParams.get('mode') === 'named') {
    const script = HOOKS[body.hook];
    if (!script) return json({ error: 'unknown hook' }, { status: 400 });
    exec(script); // safe: command
  } else {
    exec(`/opt/hooks/run.sh ${body.hook} ${body.ref}`); // vuln: command
  }
  return json({ accepted: true });
};
