const express = require('express');
const { body, param, validationResult } = require('express-validator');
const { Pool } = require('pg');

const pool = new Pool();
const router = express.Router();

router.post('/posts/:postId/comments', async (req, res) => {
  const { author, text } = req.body;
  await pool.query('INSERT INTO comments (post_id, author, text) VALUES ($1, $2, $3)', [req.params.postId, author, text]); // vuln: validation
  res.sendStatus(201);
});

router.post(
  '/v2/posts/:postId/comments',
  param('postId').isInt(),
  body('author').isLength({ min: 1, max: 64 }),
  body('text').isLength({ min: 1, max: 2000 }),
  async (req, res) => {
    if (!validationResult(req).isEmpty()) return res.status(400).json({ errors: validationResult(req).array() });
    const { author, text } = req.body;
    await pool.query('INSERT INTO comments (post_id, author, text) VALUES ($1, $2, $3)', [req.params.postId, author, text]); // safe: validation
    res.sendStatus(201);
  }
);

router.get('/posts/:postId', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM posts WHERE id = $1', [req.params.postId]); // vuln: validation
  res.json(rows[0]);
});

router.get('/v2/posts/:postId', async (req, res) => {
  const postId = Number.parseInt(req.params.postId, 10);
  if (!Number.isInteger(postId) || postId < 1) return res.status(400).end();
  const { rows } = await pool.query('SELECT * FROM posts WHERE id = $1', [postId]); // safe: validation
  res.json(rows[0]);
});

module.exports = router;
