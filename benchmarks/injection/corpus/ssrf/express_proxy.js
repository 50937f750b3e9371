const express = require('express');
const axios = require('axios');
const http = require('http');
const https = require('https');

const app = express();
const ALLOWED_HOSTS = ['api.partner.example', 'cdn.partner.example'];

app.get('/proxy', async (req, res) => {
  const target = req.query.url;
  const upstream = await axios.get(target, { timeout: 5000 }); // vuln: ssrf
  res.json(upstream.data);
});

app.get('/proxy-safe', async (req, res) => {
  const target = new URL(req.query.url);
  if (!ALLOWED_HOSTS.includes(target.hostname)) return res.status(400).end();
  const upstream = await axios.get(target.toString(), { timeout: 5000 }); // safe: ssrf
  res.json(upstream.data);
});

app.post('/webhooks/test', express.json(), (req, res) => {
  const hook = req.body.callbackUrl;
  const outgoing = https.request(hook, { method: 'POST' }, (r) => res.sendStatus(r.statusCode)); // vuln: ssrf
  outgoing.end(JSON.stringify({ ping: true }));
});

app.get('/weather', (req, res) => {
  const city = encodeURIComponent(req.query.city);
  http.get(`http://weather.internal/api?city=${city}`, (r) => r.pipe(res)); // safe: ssrf
});

app.get('/avatar-fetch', (req, res) => {
  http.get({ host: req.query.host, path: '/avatar.png' }, (r) => r.pipe(res)); // vuln: ssrf
});

module.exports = app;
