const express = require('express');
const mysql = require('mysql2/promise');

const router = express.Router();
const pool = mysql.createPool({ host: 'db', user: 'app', database: 'shop' });

router.get('/products/search', async (req, res, next) => {
  try {
    const term = req.query.q.trim();
    const [rows] = await pool.query(
      `SELECT id, name, price FROM products WHERE name LIKE '%${term}%' ORDER BY name` // vuln: sql
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/products/search-safe', async (req, res, next) => {
  try {
    const term = req.query.q.trim();
    const [rows] = await pool.query(
      'SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY name', // safe: sql
      [`%${term}%`]
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/orders/:id', async (req, res) => {
  const { id } = req.params;
  const sql = 'SELECT * FROM orders WHERE id = ' + id;
  const [rows] = await pool.execute(sql); // vuln: sql
  if (!rows.length) return res.status(404).end();
  res.json(rows[0]);
});

router.get('/orders-safe/:id', async (req, res) => {
  const { id } = req.params;
  const [rows] = await pool.execute('SELECT * FROM orders WHERE id = ?', [id]); // safe: sql
  if (!rows.length) return res.status(404).end();
  res.json(rows[0]);
});

router.post('/orders/:id/status', async (req, res) => {
  const status = String(req.body.status || 'pending').toLowerCase();
  const query = ['UPDATE orders SET status = "', status, '" WHERE id = ', req.params.id].join('');
  await pool.query(query); // vuln: sql
  res.sendStatus(204);
});

router.post('/orders-safe/:id/status', async (req, res) => {
  const status = String(req.body.status || 'pending').toLowerCase();
  await pool.query('UPDATE orders SET status = ? WHERE id = ?', [status, req.params.id]); // safe: sql
  res.sendStatus(204);
});

module.exports = router;
