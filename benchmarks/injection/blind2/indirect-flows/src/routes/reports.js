'use strict';
const express = require('express');
const { pool } = require('../lib/db');
const { respondEscaped } = require('../lib/respond');

const router = express.Router();

router.get('/stock', async (req, res) => {
  const [rows] = await pool.query(`SELECT sku, qty FROM stock WHERE tenant = '${res.locals.tenant}'`); // vuln: sql
  res.json(rows);
});

router.get('/stock-safe', async (req, res) => {
  const [rows] = await pool.query('SELECT sku, qty FROM stock WHERE tenant = ?', [res.locals.tenant]); // safe: sql
  res.json(rows);
});

router.get('/by-warehouse', (req, res, next) => {
  pool
    .query("SELECT * FROM moves WHERE warehouse = '" + req.warehouse + "'") // vuln: sql
    .then(([rows]) => res.json(rows))
    .catch(next);
});

router.get('/by-warehouse-safe', (req, res, next) => {
  pool
    .query('SELECT * FROM moves WHERE warehouse = ?', [req.warehouse]) // safe: sql
    .then(([rows]) => res.json(rows))
    .catch(next);
});

router.get('/note', (req, res) => respondEscaped(res, req.query.note));

module.exports = router;
