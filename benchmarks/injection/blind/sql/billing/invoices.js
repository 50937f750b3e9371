const express = require('express');
const { QueryTypes } = require('sequelize');
const { sequelize } = require('../models');
const knex = require('../knexfile-db');
const prisma = require('../prisma-client');

const router = express.Router();

router.get('/invoices', async (req, res) => {
  const { from, to } = req.query;
  const invoices = await sequelize.query(`SELECT * FROM invoices WHERE issued_at BETWEEN '${from}' AND '${to}'`, { type: QueryTypes.SELECT }); // vuln: sql
  res.json(invoices);
});

router.get('/v2/invoices', async (req, res) => {
  const { from, to } = req.query;
  const invoices = await sequelize.query('SELECT * FROM invoices WHERE issued_at BETWEEN :from AND :to', { replacements: { from, to }, type: QueryTypes.SELECT }); // safe: sql
  res.json(invoices);
});

router.get('/customers/:id/balance', async (req, res) => {
  const rows = await knex('payments').select(knex.raw(`SUM(amount) FILTER (WHERE currency = '${req.query.currency}') AS total`)).where('customer_id', req.params.id); // vuln: sql
  res.json(rows[0]);
});

router.get('/v2/customers/:id/balance', async (req, res) => {
  const rows = await knex('payments').select(knex.raw('SUM(amount) FILTER (WHERE currency = ?) AS total', [req.query.currency])).where('customer_id', req.params.id); // safe: sql
  res.json(rows[0]);
});

router.get('/customers', async (req, res) => {
  const rows = await knex('customers').whereRaw(`lower(name) LIKE lower('%${req.query.name}%')`).limit(50); // vuln: sql
  res.json(rows);
});

router.get('/v2/customers', async (req, res) => {
  const rows = await knex('customers').whereRaw('lower(name) LIKE lower(?)', [`%${req.query.name}%`]).limit(50); // safe: sql
  res.json(rows);
});

router.get('/ledger/:account', async (req, res) => {
  const entries = await prisma.$queryRawUnsafe(`SELECT * FROM "LedgerEntry" WHERE account = '${req.params.account}' ORDER BY id`); // vuln: sql
  res.json(entries);
});

router.get('/v2/ledger/:account', async (req, res) => {
  const entries = await prisma.$queryRaw`SELECT * FROM "LedgerEntry" WHERE account = ${req.params.account} ORDER BY id`; // safe: sql
  res.json(entries);
});

module.exports = router;
