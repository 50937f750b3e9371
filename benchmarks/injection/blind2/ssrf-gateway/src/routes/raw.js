'use strict';
const express = require('express');
const http = require('http');
const https = require('https');
const { ALLOWED_HOSTS } = require('../lib/allow');

const router = express.Router();

function collect(res, upstream) {
  upstream.pipe(res);
}

router.get('/status', (req, res) => {
  const options = { host: req.query.host, port: 80, path: '/status', method: 'GET', timeout: 3000 };
  http.request(options, (up) => collect(res, up)).end(); // vuln: ssrf
});

router.get('/status-safe', (req, res) => {
  if (!ALLOWED_HOSTS.has(req.query.host)) return res.status(400).end();
  const options = { host: req.query.host, port: 443, path: '/status', method: 'GET', timeout: 3000 };
  https.request(options, (up) => collect(res, up)).end(); // safe: ssrf
});

router.post('/mirror', (req, res) => {
  const target = new URL(req.body.source);
  https.get(target, (up) => collect(res, up)); // vuln: ssrf
});

router.post('/mirror-safe', (req, res) => {
  const target = new URL(req.body.source);
  if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) return res.status(400).end();
  https.get(target, (up) => collect(res, up)); // safe: ssrf
});

module.exports = router;
