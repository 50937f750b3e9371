'use strict';
const fs = require('fs');
const path = require('path');
const { entries } = require('./parse');

/** Write every entry of a tar buffer under dest. */
function extract(buffer, dest) {
  for (const entry of entries(buffer)) {
    const target = path.join(dest, entry.name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, entry.data); // vuln: path
  }
}

/** Write every entry of a tar buffer under dest, refusing entries that would land outside it. */
function extractSafe(buffer, dest) {
  const root = path.resolve(dest);
  for (const entry of entries(buffer)) {
    const target = path.resolve(root, entry.name);
    if (!target.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${root}: ${entry.name}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, entry.data); // safe: path
  }
}

module.exports = { extract, extractSafe };
