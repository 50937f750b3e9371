const { exec, execFile } = require('child_process');
const util = require('util');
const path = require('path');

const execAsync = util.promisify(exec);
const execFileAsync = util.promisify(execFile);
const UPLOADS = path.join(__dirname, '..', 'uploads');

async function makeThumbnail(fileName, width) {
  const src = path.join(UPLOADS, fileName);
  const out = path.join(UPLOADS, 'thumbs', fileName);
  await execAsync(`convert "${src}" -resize ${width}x "${out}"`); // vuln: command
  return out;
}

async function makeThumbnailSafe(fileName, width) {
  const src = path.join(UPLOADS, path.basename(fileName));
  const out = path.join(UPLOADS, 'thumbs', path.basename(fileName));
  await execFileAsync('convert', [src, '-resize', `${Number(width)}x`, out]); // safe: command
  return out;
}

module.exports = { makeThumbnail, makeThumbnailSafe };
