const express = require('express');
const bcrypt = require('bcryptjs');
const mongoSanitize = require('mongo-sanitize');
const User = require('../models/User');
const ResetToken = require('../models/ResetToken');

const router = express.Router();

router.post('/login', async (req, res) => {
  const { username, password } = req.body;
  const user = await User.findOne({ username, active: true }); // vuln: nosql
  if (!user || !(await bcrypt.compare(String(password), user.passwordHash))) {
    return res.status(401).json({ error: 'invalid credentials' });
  }
  req.session.userId = user.id;
  res.json({ ok: true });
});

router.post('/v2/login', async (req, res) => {
  const { username, password } = req.body;
  if (typeof username !== 'string' || typeof password !== 'string') {
    return res.status(400).json({ error: 'bad request' });
  }
  const user = await User.findOne({ username, active: true }); // safe: nosql
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
    return res.status(401).json({ error: 'invalid credentials' });
  }
  req.session.userId = user.id;
  res.json({ ok: true });
});

router.get('/reset', async (req, res) => {
  const record = await ResetToken.findOne({ token: req.query.token, expiresAt: { $gt: new Date() } }); // vuln: nosql
  if (!record) return res.status(404).send('expired');
  res.render('reset', { userId: record.userId });
});

router.get('/v2/reset', async (req, res) => {
  const token = mongoSanitize(req.query.token);
  const record = await ResetToken.findOne({ token, expiresAt: { $gt: new Date() } }); // safe: nosql
  if (!record) return res.status(404).send('expired');
  res.render('reset', { userId: record.userId });
});

module.exports = router;
