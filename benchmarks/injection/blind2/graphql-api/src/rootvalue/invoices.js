'use strict';
const fs = require('fs/promises');
const path = require('path');
const { graphql } = require('graphql');
const schema = require('./schema');

const INVOICE_DIR = path.resolve(__dirname, '../../var/invoices');

const invoiceRoot = {
  async invoice({ name }) {
    const body = await fs.readFile(path.join(INVOICE_DIR, name), 'utf8'); // vuln: path
    return { name, body };
  },
  async invoiceSafe({ name }) {
    const file = path.join(INVOICE_DIR, path.basename(name));
    const body = await fs.readFile(file, 'utf8'); // safe: path
    return { name, body };
  },
};

// A small batch endpoint that runs queries through graphql() directly instead of an HTTP adapter.
async function runBatch(req, res) {
  const results = [];
  for (const item of req.body.queries || []) {
    results.push(await graphql({ schema, source: item.query, variableValues: item.variables, rootValue: invoiceRoot }));
  }
  res.json(results);
}

module.exports = { runBatch, invoiceRoot };
