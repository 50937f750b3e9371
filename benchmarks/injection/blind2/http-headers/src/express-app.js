'use strict';
const crypto = require('crypto');
const path = require('path');
const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const contentDisposition = require('content-disposition');

const app = express();
const TRUSTED_ORIGINS = ['https://app.example.com', 'https://admin.example.com'];
const LANGS = new Set(['en', 'de', 'fr']);

app.use((req, res, next) => {
  res.locals.nonce = crypto.randomBytes(16).toString('base64');
  next();
});

app.use('/legacy', helmet({
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'", 'cdn.example.com'] }, // vuln: csp
  },
}));

app.use('/modern', helmet({
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", (req, res) => `'nonce-${res.locals.nonce}'`] }, // safe: csp
  },
}));

app.get('/widget', (req, res) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; object-src 'none'"); // vuln: csp
  res.send('<div id="widget"></div>');
});

app.get('/widget-safe', (req, res) => {
  res.setHeader('Content-Security-Policy', `default-src 'self'; script-src 'self' 'nonce-${res.locals.nonce}'; object-src 'none'`); // safe: csp
  res.send('<div id="widget"></div>');
});

app.use('/api', (req, res, next) => {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin || '*'); // vuln: cors
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

app.use('/api2', (req, res, next) => {
  const origin = req.headers.origin;
  if (origin && TRUSTED_ORIGINS.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin); // safe: cors
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.vary('Origin');
  }
  next();
});

app.use('/partner', cors({ origin: (origin, cb) => cb(null, origin), credentials: true })); // vuln: cors
app.use('/partner2', cors({ origin: TRUSTED_ORIGINS, credentials: true })); // safe: cors

app.get('/download', (req, res) => {
  res.set('Content-Disposition', `attachment; filename="${req.query.name}"`); // vuln: header
  res.sendFile(path.join('/srv/files', path.basename(req.query.name)));
});

app.get('/download-safe', (req, res) => {
  res.set('Content-Disposition', contentDisposition(path.basename(req.query.name))); // safe: header
  res.sendFile(path.join('/srv/files', path.basename(req.query.name)));
});

app.get('/lang', (req, res) => {
  res.append('Set-Cookie', `lang=${req.query.lang}; Path=/; Secure; HttpOnly; SameSite=Lax`); // vuln: header
  res.end();
});

app.get('/lang-safe', (req, res) => {
  const lang = LANGS.has(req.query.lang) ? req.query.lang : 'en';
  res.append('Set-Cookie', `lang=${lang}; Path=/; Secure; HttpOnly; SameSite=Lax`); // safe: header
  res.end();
});

app.get('/page', (req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', Link: `<${req.query.next}>; rel="next"` }); // vuln: header
  res.end('[]');
});

app.get('/page-safe', (req, res) => {
  const next = Number.parseInt(req.query.page, 10) + 1 || 2;
  res.writeHead(200, { 'Content-Type': 'application/json', Link: `</page-safe?page=${next}>; rel="next"` }); // safe: header
  res.end('[]');
});

app.post('/login', (req, res) => {
  const token = crypto.randomBytes(32).toString('hex');
  res.cookie('auth_token', token, { httpOnly: false, secure: true, sameSite: 'strict', maxAge: 3600e3 }); // vuln: cookie
  res.status(204).end();
});

app.post('/login-safe', (req, res) => {
  const token = crypto.randomBytes(32).toString('hex');
  res.cookie('auth_token', token, { httpOnly: true, secure: true, sameSite: 'strict', maxAge: 3600e3 }); // safe: cookie
  res.status(204).end();
});

app.listen(3700);
