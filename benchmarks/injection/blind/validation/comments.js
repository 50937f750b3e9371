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
  body('author').isString().trim().isLength({ min: 1, max: 60 }),
  body('text').isString().isLength({ min: 1, max: 2000 }),
  async (req, res) => {
    const errors = validationResult(req);
    if (!errors.isEmpty()) return res.status(400).json({ errors: errors.array() });
    const { author, text } = req.body;
    await pool.query('INSERT INTO comments (post_id, author, text) VALUES ($1, $2, $3)', [req.params.postId, author, text]); // safe: validation
    res.sendStatus(201);
  },
);

module.exports = router;
