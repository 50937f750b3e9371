const express = require('express');
const escapeHtml = require('escape-html');
const sanitizeHtml = require('sanitize-html');

const app = express();
app.set('view engine', 'ejs');
app.set('views', __dirname + '/views');

app.get('/search', async (req, res) => {
  const q = req.query.q || '';
  const results = await req.app.locals.search(q);
  res.send(`<h1>Results for ${q}</h1><ul>${results.map((r) => `<li>${escapeHtml(r.title)}</li>`).join('')}</ul>`); // vuln: xss
});

app.get('/v2/search', async (req, res) => {
  const q = req.query.q || '';
  const results = await req.app.locals.search(q);
  res.send(`<h1>Results for ${escapeHtml(q)}</h1><ul>${results.map((r) => `<li>${escapeHtml(r.title)}</li>`).join('')}</ul>`); // safe: xss
});

app.post('/preview', express.urlencoded({ extended: false }), (req, res) => {
  res.set('Content-Type', 'text/html');
  res.end('<div class="preview">' + req.body.markup + '</div>'); // vuln: xss
});

app.post('/v2/preview', express.urlencoded({ extended: false }), (req, res) => {
  const clean = sanitizeHtml(req.body.markup, { allowedTags: ['b', 'i', 'em', 'strong', 'a', 'p'] });
  res.set('Content-Type', 'text/html');
  res.end('<div class="preview">' + clean + '</div>'); // safe: xss
});

app.get('/profile', (req, res) => {
  res.render('profile', { displayName: req.query.name, theme: req.query.theme }); // vuln: xss
});

app.get('/error', (req, res) => {
  res.status(400).send('Invalid value: ' + req.query.value); // vuln: xss
});

app.get('/v2/error', (req, res) => {
  res.status(400).json({ error: 'Invalid value', value: req.query.value }); // safe: xss
});

module.exports = app;
