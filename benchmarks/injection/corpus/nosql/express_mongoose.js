const express = require('express');
const mongoose = require('mongoose');
const sanitize = require('mongo-sanitize');

const User = mongoose.model('User', new mongoose.Schema({ email: String, password: String, role: String }));
const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email, password: req.body.password }); // vuln: nosql
  if (!user) return res.status(401).json({ error: 'invalid credentials' });
  res.json({ id: user.id });
});

router.post('/login-safe', async (req, res) => {
  const email = String(req.body.email);
  const password = String(req.body.password);
  const user = await User.findOne({ email, password }); // safe: nosql
  if (!user) return res.status(401).json({ error: 'invalid credentials' });
  res.json({ id: user.id });
});

router.get('/users', async (req, res) => {
  const filter = req.query;
  const users = await User.find(filter).limit(50); // vuln: nosql
  res.json(users);
});

router.get('/users-safe', async (req, res) => {
  const filter = sanitize(req.query);
  const users = await User.find(filter).limit(50); // safe: nosql
  res.json(users);
});

router.get('/users/search', async (req, res) => {
  const name = req.query.name;
  const users = await User.find({ $where: `this.name.startsWith('${name}')` }); // vuln: nosql
  res.json(users);
});

router.get('/users/search-safe', async (req, res) => {
  const name = String(req.query.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const users = await User.find({ name: { $regex: `^${name}` } }); // safe: nosql
  res.json(users);
});

router.delete('/users/by-role', async (req, res) => {
  const { role } = req.body;
  const result = await User.deleteMany({ role: role }); // vuln: nosql
  res.json({ deleted: result.deletedCount });
});

router.delete('/users/by-role-safe', async (req, res) => {
  const { role } = req.body;
  if (typeof role !== 'string') return res.status(400).end();
  const result = await User.deleteMany({ role: role }); // safe: nosql
  res.json({ deleted: result.deletedCount });
});

module.exports = router;
