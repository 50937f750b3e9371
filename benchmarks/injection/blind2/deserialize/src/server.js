'use strict';
const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');
const serializeToJs = require('serialize-to-js');
const funcster = require('funcster');
const yaml = require('js-yaml');
const vm = require('vm');

const app = express();
app.use(cookieParser());
app.use(express.json());
app.use(express.text({ type: 'application/x-yaml' }));

app.get('/prefs', (req, res) => {
  const prefs = serialize.unserialize(Buffer.from(req.cookies.prefs, 'base64').toString()); // vuln: deserialization
  res.json(prefs);
});

app.get('/prefs-safe', (req, res) => {
  const prefs = JSON.parse(Buffer.from(req.cookies.prefs, 'base64').toString()); // safe: deserialization
  res.json(prefs);
});

app.post('/layout', (req, res) => {
  const layout = serializeToJs.deserialize(req.body.layout); // vuln: deserialization
  res.json(layout);
});

app.post('/layout-safe', (req, res) => {
  const layout = JSON.parse(req.body.layout); // safe: deserialization
  res.json(layout);
});

app.post('/widgets', (req, res) => {
  const widgets = funcster.deepDeserialize(req.body.widgets); // vuln: deserialization
  res.json(Object.keys(widgets));
});

app.post('/config', (req, res) => {
  const config = yaml.load(req.body); // vuln: deserialization
  res.json(config);
});

app.post('/config-safe', (req, res) => {
  const config = yaml.safeLoad(req.body); // safe: deserialization
  res.json(config);
});

app.post('/rules/eval', (req, res) => {
  const sandbox = { order: req.body.order, result: null };
  vm.runInNewContext(`result = (${req.body.rule})`, sandbox, { timeout: 50 }); // vuln: deserialization
  res.json({ result: sandbox.result });
});

app.post('/rules/eval-safe', (req, res) => {
  const sandbox = { total: Number(req.body.order.total), threshold: Number(req.body.threshold), result: null };
  vm.runInNewContext('result = total > threshold', sandbox, { timeout: 50 }); // safe: deserialization
  res.json({ result: sandbox.result });
});

app.post('/widgets-safe', (req, res) => {
  const widgets = JSON.parse(JSON.stringify(req.body.widgets));
  res.json(Object.keys(widgets)); // safe: deserialization
});

app.listen(3500);
