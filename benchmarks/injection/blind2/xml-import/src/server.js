'use strict';
const express = require('express');
const libxmljs = require('libxmljs');
const libxmljs2 = require('libxmljs2');
const { DOMParser } = require('@xmldom/xmldom');
const expat = require('node-expat');

const app = express();
app.use(express.text({ type: ['application/xml', 'text/xml'], limit: '1mb' }));

const LEGACY_OPTS = { noent: true, dtdload: true, nonet: false };

app.post('/import/products', (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noent: true }); // vuln: xxe
  res.json(doc.find('//product/name').map((n) => n.text()));
});

app.post('/import/products-safe', (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noent: false, nonet: true }); // safe: xxe
  res.json(doc.find('//product/name').map((n) => n.text()));
});

app.post('/import/catalog', (req, res) => {
  const doc = libxmljs2.parseXmlString(req.body, LEGACY_OPTS); // vuln: xxe
  res.json({ root: doc.root().name() });
});

app.post('/import/catalog-safe', (req, res) => {
  const doc = libxmljs2.parseXmlString(req.body); // safe: xxe
  res.json({ root: doc.root().name() });
});

app.post('/import/orders', (req, res) => {
  const doc = libxmljs2.parseXml(req.body, { noblanks: true, noent: true, huge: true }); // vuln: xxe
  res.json({ orders: doc.find('//order').length });
});

app.post('/import/orders-safe', (req, res) => {
  const doc = new DOMParser().parseFromString(req.body, 'text/xml'); // safe: xxe
  res.json({ orders: doc.getElementsByTagName('order').length });
});

app.post('/import/stream', (req, res) => {
  const parser = new expat.Parser('UTF-8');
  const names = [];
  parser.on('startElement', (name) => names.push(name));
  parser.write(req.body); // safe: xxe
  res.json({ elements: names.length });
});

module.exports = app;
app.listen(3400);
