import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const sh = promisify(exec);
const run = promisify(execFile);

export async function preview(input, output, { width = 400, density = 150 } = {}) {
  await sh(`convert -density ${density} "${input}[0]" -resize ${width} "${output}"`); // vuln: command
  return output;
}

export async function previewSafe(input, output, { width = 400, density = 150 } = {}) {
  const w = Math.trunc(Number(width));
  const d = Math.trunc(Number(density));
  await run('convert', ['-density', String(d), `${input}[0]`, '-resize', String(w), output]); // safe: command
  return output;
}
