'use strict';
const express = require('express');
const db = require('../stores/pgp');

const router = express.Router();

router.get('/users/:id', async (req, res) => {
  res.json(await db.one(`SELECT id, name FROM users WHERE id = ${req.params.id}`)); // vuln: sql
});
router.get('/users-safe/:id', async (req, res) => {
  res.json(await db.one('SELECT id, name FROM users WHERE id = $1', [req.params.id])); // safe: sql
});

router.get('/orders', async (req, res) => {
  res.json(await db.any("SELECT * FROM orders WHERE status = '" + req.query.status + "'")); // vuln: sql
});
router.get('/orders-safe', async (req, res) => {
  res.json(await db.any('SELECT * FROM orders WHERE status = ${status}', { status: req.query.status })); // safe: sql
});

router.post('/orders/:id/archive', async (req, res) => {
  await db.none(`UPDATE orders SET archived = true, note = '${req.body.note}' WHERE id = $1`, [req.params.id]); // vuln: sql
  res.status(204).end();
});
router.post('/orders-safe/:id/archive', async (req, res) => {
  await db.none('UPDATE orders SET archived = true, note = $2 WHERE id = $1', [req.params.id, req.body.note]); // safe: sql
  res.status(204).end();
});

router.get('/products', async (req, res) => {
  const order = req.query.order || 'name';
  res.json(await db.many(`SELECT * FROM products ORDER BY ${order} LIMIT 50`)); // vuln: sql
});
router.get('/products-safe', async (req, res) => {
  res.json(await db.many('SELECT * FROM products ORDER BY $1:name LIMIT 50', [req.query.order === 'price' ? 'price' : 'name'])); // safe: sql
});

router.delete('/sessions', async (req, res) => {
  const result = await db.result(`DELETE FROM sessions WHERE user_id IN (${req.body.ids.join(',')})`); // vuln: sql
  res.json({ deleted: result.rowCount });
});
router.delete('/sessions-safe', async (req, res) => {
  const result = await db.result('DELETE FROM sessions WHERE user_id IN ($1:csv)', [req.body.ids.map(Number)]); // safe: sql
  res.json({ deleted: result.rowCount });
});

module.exports = router;
