'use strict';
const fs = require('fs/promises');
const path = require('path');

const EXPORT_DIR = '/srv/exports';

const resolvers = {
  Query: {
    async userByName(_parent, { username }, { db }) {
      return db.collection('users').findOne({ $where: `this.username === '${username}'` }); // vuln: nosql
    },
    async userByNameSafe(_parent, { username }, { db }) {
      return db.collection('users').findOne({ username: String(username) }); // safe: nosql
    },
    async tenantInvoices(_parent, args, context) {
      const sql = `SELECT * FROM invoices WHERE tenant = '${context.tenant}' ORDER BY created_at DESC`;
      const { rows } = await context.pg.query(sql); // vuln: sql
      return rows;
    },
    async tenantInvoicesSafe(_parent, args, context) {
      const { rows } = await context.pg.query('SELECT * FROM invoices WHERE tenant = $1 ORDER BY created_at DESC', [context.tenant]); // safe: sql
      return rows;
    },
  },
  Mutation: {
    async downloadExport(_parent, args) {
      const data = await fs.readFile(`${EXPORT_DIR}/${args.fileName}`, 'utf8'); // vuln: path
      return { fileName: args.fileName, data };
    },
    async downloadExportSafe(_parent, args) {
      const target = path.resolve(EXPORT_DIR, args.fileName);
      if (!target.startsWith(EXPORT_DIR + path.sep)) throw new Error('forbidden');
      const data = await fs.readFile(target, 'utf8'); // safe: path
      return { fileName: args.fileName, data };
    },
  },
};

module.exports = resolvers;
