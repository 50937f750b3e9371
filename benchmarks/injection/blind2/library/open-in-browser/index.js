'use strict';
const { exec, spawn } = require('child_process');

const OPENER = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start ""' : 'xdg-open';

/** Open target (URL or path) with the platform opener. */
function open(target, { app } = {}) {
  const command = app ? `${OPENER} -a "${app}" "${target}"` : `${OPENER} "${target}"`;
  return new Promise((resolve, reject) => exec(command, (err) => (err ? reject(err) : resolve()))); // vuln: command
}

/** Open target with the platform opener, without a shell. */
function openSafe(target) {
  const bin = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const child = spawn(bin, [String(target)], { detached: true, stdio: 'ignore' }); // safe: command
  child.unref();
  return child;
}

module.exports = open;
module.exports.openSafe = openSafe;
