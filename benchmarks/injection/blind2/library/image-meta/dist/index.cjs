'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const child_process = require('child_process');

function readTags(file, tags = []) {
  const flags = tags.map((t) => `-${t}`).join(' ');
  const out = child_process.execSync(`exiftool -json ${flags} ${file}`, { encoding: 'utf8' }); // vuln: command
  return JSON.parse(out)[0];
}

function readTagsSafe(file, tags = []) {
  const flags = tags.filter((t) => /^[A-Za-z0-9:]+$/.test(t)).map((t) => `-${t}`);
  const out = child_process.execFileSync('exiftool', ['-json', ...flags, '--', file], { encoding: 'utf8' }); // safe: command
  return JSON.parse(out)[0];
}

exports.readTags = readTags;
exports.readTagsSafe = readTagsSafe;
