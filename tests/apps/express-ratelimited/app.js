// A careful app's global rate limiter (RL_LIMIT requests a minute, default 5) in front of everything, its own
// security.txt route, and one JSON route that raised its body limit to 50mb; POST / has no parser (404).
// The probe must read a 429 as "rate limited", not "missing", and find the body route when the static scan knows it.
'use strict';
const express = require('express');
const { rateLimit } = require('express-rate-limit');

const app = express();
// Test bookkeeping, not part of the app under test: one line per request received, read by the pytest fixture.
app.use((req, res, next) => {
  process.stdout.write(`NWREQ ${req.method} ${req.originalUrl}\n`);
  next();
});
app.use(rateLimit({ windowMs: 60_000, limit: Number(process.env.RL_LIMIT || 5), standardHeaders: 'draft-8' }));

app.get('/', (req, res) => {
  res.send('<!DOCTYPE html><html><head><title>limited</title></head><body>hello</body></html>');
});
app.get('/.well-known/security.txt', (req, res) => {
  const expires = new Date(Date.now() + 180 * 24 * 3600 * 1000).toISOString();
  res.type('text/plain; charset=utf-8');
  res.send(`Contact: mailto:security@example.com\nExpires: ${expires}\n`);
});
app.post('/api/items', express.json({ limit: '50mb' }), (req, res) => {
  res.status(201).json({ received: Object.keys(req.body || {}).length });
});

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`NWREADY ${server.address().port}\n`);
});
