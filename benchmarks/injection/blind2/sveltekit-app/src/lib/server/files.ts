import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const EXPORTS = '/var/lib/crm/exports';

export function readExport(name: string) {
  return readFile(path.join(EXPORTS, name)); // vuln: path
}

export function readExportSafe(name: string) {
  const resolved = path.resolve(EXPORTS, name);
  if (!resolved.startsWith(EXPORTS + path.sep)) throw new Error('outside exports');
  return readFile(resolved); // safe: path
}
