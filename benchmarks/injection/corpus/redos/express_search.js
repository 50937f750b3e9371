const express = require('express');
const escapeStringRegexp = require('escape-string-regexp');
const _ = require('lodash');

const app = express();

app.get('/highlight', (req, res) => {
  const pattern = new RegExp(req.query.term, 'gi'); // vuln: redos
  res.json({ html: req.app.locals.article.replace(pattern, (m) => `<mark>${m}</mark>`) });
});

app.get('/highlight-safe', (req, res) => {
  const pattern = new RegExp(escapeStringRegexp(req.query.term), 'gi'); // safe: redos
  res.json({ count: (req.app.locals.article.match(pattern) || []).length });
});

app.get('/filter', (req, res) => {
  const { prefix } = req.query;
  const re = RegExp('^' + prefix); // vuln: redos
  res.json(req.app.locals.names.filter((n) => re.test(n)));
});

app.get('/filter-safe', (req, res) => {
  const { prefix } = req.query;
  const re = RegExp('^' + _.escapeRegExp(prefix)); // safe: redos
  res.json(req.app.locals.names.filter((n) => re.test(n)));
});

app.post('/validate-format', express.json(), (req, res) => {
  const { value, format } = req.body;
  const ok = new RegExp(format).test(value); // vuln: redos
  res.json({ ok });
});

app.post('/validate-format-safe', express.json(), (req, res) => {
  const FORMATS = { zip: /^\d{5}$/, phone: /^\+?\d{7,15}$/ };
  const { value, format } = req.body;
  const re = FORMATS[format] || /^$/;
  res.json({ ok: re.test(String(value)) }); // safe: redos
});

module.exports = app;
