const express = require('express');
const { authLimiter } = require('../middleware/limits');
const users = require('../lib/users');

const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await users.authenticate(req.body.email, req.body.password);
  if (!user) return res.status(401).json({ error: 'invalid credentials' });
  req.session.userId = user.id;
  res.json({ ok: true });
});

router.post('/password/reset', authLimiter, async (req, res) => {
  await users.sendResetLink(req.body.email);
  res.status(202).end();
});

router.post('/register', async (req, res) => {
  const user = await users.create(req.body);
  res.status(201).json({ id: user.id });
});

router.get('/me', (req, res) => res.json({ id: req.session.userId }));

module.exports = router;
