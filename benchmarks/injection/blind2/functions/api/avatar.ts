import type { VercelRequest, VercelResponse } from '@vercel/node';
import { createReadStream } from 'node:fs';
import path from 'node:path';

const AVATARS = path.join(process.cwd(), 'public', 'avatars');

export default function handler(req: VercelRequest, res: VercelResponse) {
  const user = String(req.query.user);
  if (req.query.v === '2') {
    createReadStream(path.join(AVATARS, `${path.basename(user)}.png`)).pipe(res); // safe: path
    return;
  }
  createReadStream(path.join(AVATARS, `${user}.png`)).pipe(res); // vuln: path
}
