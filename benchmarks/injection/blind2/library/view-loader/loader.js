'use strict';
const fs = require('fs');
const path = require('path');

class ViewLoader {
  constructor(root, { ext = '.html' } = {}) {
    this.root = path.resolve(root);
    this.ext = ext;
    this.cache = new Map();
  }

  /** Read the view called name (e.g. "emails/welcome"). */
  load(name) {
    if (!this.cache.has(name)) {
      this.cache.set(name, fs.readFileSync(path.join(this.root, name + this.ext), 'utf8')); // vuln: path
    }
    return this.cache.get(name);
  }

  /** Read the view called name, refusing names that leave the root. */
  loadChecked(name) {
    const file = path.resolve(this.root, name + this.ext);
    if (path.relative(this.root, file).split(path.sep)[0] === '..') throw new Error(`view outside root: ${name}`);
    return fs.readFileSync(file, 'utf8'); // safe: path
  }
}

module.exports = ViewLoader;
