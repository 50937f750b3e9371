import type { NextApiRequest, NextApiResponse } from 'next';
import { promises as fs } from 'fs';
import path from 'path';

const UPLOADS = path.join(process.cwd(), 'uploads');

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const name = req.query.name as string;
  if (req.query.raw) {
    const data = await fs.readFile(path.join(UPLOADS, name)); // vuln: path
    return res.send(data);
  }
  const safeName = path.basename(name);
  const data = await fs.readFile(path.join(UPLOADS, safeName)); // safe: path
  res.send(data);
}
