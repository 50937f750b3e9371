// Express hardened along the 15 practices: helmet, a named secure session cookie, a rate limiter, JSON errors,
// a body limit and a security.txt. Served over HTTPS, with a plain-HTTP listener that only redirects.
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const express = require('express');
const helmet = require('helmet');
const session = require('express-session');
const cors = require('cors');
const { rateLimit } = require('express-rate-limit');

const HOST = '127.0.0.1';
let httpsPort = 0;

function logRequest(req) {
  // Test bookkeeping, not part of the app under test: one line per request received, read by the pytest fixture.
  process.stdout.write(`NWREQ ${req.method} ${req.originalUrl || req.url}\n`);
}

const app = express();
app.use((req, res, next) => {
  logRequest(req);
  next();
});
app.use(helmet());
app.use(rateLimit({ windowMs: 60_000, limit: 100, standardHeaders: 'draft-8', legacyHeaders: false }));
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
app.use(
  session({
    name: 'id',
    secret: 'a long random secret from the environment',
    resave: false,
    saveUninitialized: true,
    cookie: { secure: true, httpOnly: true, sameSite: 'lax', maxAge: 3_600_000 },
  }),
);
app.use(express.json({ limit: '10kb' }));

app.get('/', (req, res) => {
  res.send('<!DOCTYPE html><html><head><title>hardened</title></head><body>hello</body></html>');
});
app.get('/api/ping', (req, res) => res.json({ ok: true }));
app.get('/.well-known/security.txt', (req, res) => {
  const expires = new Date(Date.now() + 180 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  res.type('text/plain; charset=utf-8');
  res.send(
    [
      'Contact: mailto:security@example.com',
      `Expires: ${expires}`,
      'Encryption: https://example.com/pgp-key.txt',
      `Canonical: https://${HOST}:${httpsPort}/.well-known/security.txt`,
      'Policy: https://example.com/security-policy',
      'Preferred-Languages: en',
      '',
    ].join('\n'),
  );
});
app.use((req, res) => res.status(404).json({ error: 'Not Found' }));
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = err.status >= 400 && err.status < 600 ? err.status : 500;
  res.status(status).json({ error: http.STATUS_CODES[status] || 'Error' });
});

const tls = { key: fs.readFileSync(process.env.TLS_KEY), cert: fs.readFileSync(process.env.TLS_CERT) };
const server = https.createServer(tls, app);
server.listen(Number(process.env.PORT || 0), HOST, () => {
  httpsPort = server.address().port;
  const redirector = http.createServer((req, res) => {
    logRequest(req);
    res.writeHead(301, { Location: `https://${HOST}:${httpsPort}${req.url}` });
    res.end();
  });
  redirector.listen(Number(process.env.HTTP_PORT || 0), HOST, () => {
    process.stdout.write(`NWREADY ${httpsPort} ${redirector.address().port}\n`);
  });
});
