'use strict';
const express = require('express');
const { MongoClient } = require('mongodb');

const router = express.Router();
const client = new MongoClient(process.env.MONGO_URL);
const notes = () => client.db('app').collection('notes');

router.get('/by-owner', async (req, res) => {
  const filter = { $where: `this.owner === '${req.query.owner}'` };
  res.json(await notes().find(filter).toArray()); // vuln: nosql
});

router.get('/by-owner-safe', async (req, res) => {
  const filter = { owner: String(req.query.owner) };
  res.json(await notes().find(filter).toArray()); // safe: nosql
});

router.post('/compare', async (req, res) => {
  const query = {};
  query.$expr = { $gt: [req.body.left, req.body.right] };
  res.json(await notes().find(query).toArray()); // vuln: nosql
});

router.post('/compare-safe', async (req, res) => {
  const FIELDS = { likes: '$likes', views: '$views' };
  const left = FIELDS[req.body.left];
  const right = FIELDS[req.body.right];
  if (!left || !right) return res.status(400).end();
  const query = { $expr: { $gt: [left, right] } };
  res.json(await notes().find(query).toArray()); // safe: nosql
});

router.post('/login', async (req, res) => {
  const criteria = { user: req.body.user, pin: req.body.pin };
  const found = await client.db('app').collection('kiosk').findOne(criteria); // vuln: nosql
  res.json({ ok: Boolean(found) });
});

router.post('/login-safe', async (req, res) => {
  if (typeof req.body.user !== 'string' || typeof req.body.pin !== 'string') return res.status(400).end();
  const criteria = { user: req.body.user, pin: req.body.pin };
  const found = await client.db('app').collection('kiosk').findOne(criteria); // safe: nosql
  res.json({ ok: Boolean(found) });
});

module.exports = router;
