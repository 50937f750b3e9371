const fs = require('fs/promises');
const path = require('path');

const TEMPLATE_ROOT = path.join(__dirname, 'templates');

class TemplateStore {
  async load(locale, name) {
    const file = path.join(TEMPLATE_ROOT, locale, `${name}.md`);
    return fs.readFile(file, 'utf8'); // vuln: path
  }

  async loadSafe(locale, name) {
    const safeLocale = ['en', 'de', 'fr'].includes(locale) ? locale : 'en';
    const file = path.join(TEMPLATE_ROOT, safeLocale, `${path.basename(name)}.md`);
    return fs.readFile(file, 'utf8'); // safe: path
  }

  async save(name, content) {
    await fs.writeFile(path.join(TEMPLATE_ROOT, 'custom', name), content); // vuln: path
  }

  async saveSafe(name, content) {
    const slug = String(name).replace(/[^a-z0-9_-]/gi, '');
    await fs.writeFile(path.join(TEMPLATE_ROOT, 'custom', `${slug}.md`), content); // safe: path
  }
}

module.exports = { TemplateStore };
