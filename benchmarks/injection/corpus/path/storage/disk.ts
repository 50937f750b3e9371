import { promises as fs } from 'fs';
import * as path from 'path';

const ROOT = '/var/lib/app/storage';

export async function readBlob(key: string): Promise<Buffer> {
  return fs.readFile(path.join(ROOT, key)); // vuln: path
}

export async function readBlobSafe(key: string): Promise<Buffer> {
  const full = path.normalize(path.join(ROOT, key));
  if (!full.startsWith(ROOT + path.sep)) {
    throw new Error('outside storage root');
  }
  return fs.readFile(full); // safe: path
}

export async function listDir(sub: string): Promise<string[]> {
  return fs.readdir(`${ROOT}/${sub}`); // vuln: path
}
