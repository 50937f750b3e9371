import { execSync, execFileSync } from 'node:child_process';

export function readTags(file, tags = []) {
  const flags = tags.map((t) => `-${t}`).join(' ');
  return JSON.parse(execSync(`exiftool -json ${flags} ${file}`, { encoding: 'utf8' }))[0]; // vuln: command
}

export function readTagsSafe(file, tags = []) {
  const flags = tags.filter((t) => /^[A-Za-z0-9:]+$/.test(t)).map((t) => `-${t}`);
  return JSON.parse(execFileSync('exiftool', ['-json', ...flags, '--', file], { encoding: 'utf8' }))[0]; // safe: command
}
