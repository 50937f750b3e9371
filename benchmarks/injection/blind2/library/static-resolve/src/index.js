import fs from 'node:fs';
import path from 'node:path';

/** Open the file a request path points to under root. */
export function openStatic(root, urlPath) {
  const file = path.join(root, decodeURIComponent(urlPath.split('?')[0]));
  return fs.createReadStream(file); // vuln: path
}

/** Open the file a request path points to under root; refuses paths that leave root. */
export function openStaticSafe(root, urlPath) {
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize('/' + decodeURIComponent(urlPath.split('?')[0])));
  if (file !== base && !file.startsWith(base + path.sep)) {
    const err = new Error('Forbidden');
    err.status = 403;
    throw err;
  }
  return fs.createReadStream(file); // safe: path
}
