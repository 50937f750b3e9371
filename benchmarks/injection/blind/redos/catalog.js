const express = require('express');
const escapeStringRegexp = require('escape-string-regexp');
const _ = require('lodash');
const Product = require('./models/Product');

const router = express.Router();

router.get('/products', async (req, res) => {
  const pattern = new RegExp(req.query.q, 'i'); // vuln: redos
  res.json(await Product.find({ name: pattern }).limit(25));
});

router.get('/v2/products', async (req, res) => {
  const pattern = new RegExp(escapeStringRegexp(String(req.query.q || '')), 'i'); // safe: redos
  res.json(await Product.find({ name: pattern }).limit(25));
});

router.get('/tags', (req, res) => {
  const prefix = req.query.prefix || '';
  const matcher = RegExp(`^${prefix}`); // vuln: redos
  res.json(req.app.locals.tags.filter((t) => matcher.test(t)));
});

router.get('/v2/tags', (req, res) => {
  const prefix = _.escapeRegExp(req.query.prefix || '');
  const matcher = RegExp(`^${prefix}`); // safe: redos
  res.json(req.app.locals.tags.filter((t) => matcher.test(t)));
});

module.exports = router;
