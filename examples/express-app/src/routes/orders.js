const express = require('express');
const db = require('../lib/db');

const router = express.Router();

router.get('/', (req, res, next) => {
  const sort = req.query.sort || 'created_at';
  db.query(`SELECT * FROM orders ORDER BY ${sort}`, (err, rows) => {
    if (err) return next(err);
    res.json(rows);
  });
});

router.get('/:id', (req, res, next) => {
  db.query('SELECT * FROM orders WHERE id = ?', [req.params.id], (err, rows) => {
    if (err) return next(err);
    if (!rows.length) return res.status(404).json({ error: 'not found' });
    res.json(rows[0]);
  });
});

module.exports = router;
