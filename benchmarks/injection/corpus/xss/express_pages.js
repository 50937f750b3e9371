const express = require('express');
const escapeHtml = require('escape-html');

const app = express();

app.get('/search', (req, res) => {
  const q = req.query.q || '';
  res.send(`<h1>Results for ${q}</h1><ul id="results"></ul>`); // vuln: xss
});

app.get('/search-safe', (req, res) => {
  const q = req.query.q || '';
  res.send(`<h1>Results for ${escapeHtml(q)}</h1><ul id="results"></ul>`); // safe: xss
});

app.get('/hello', (req, res) => {
  const name = req.query.name;
  res.write('<html><body>');
  res.write('<p>Hello ' + name + '</p>'); // vuln: xss
  res.end('</body></html>');
});

app.get('/hello-json', (req, res) => {
  const name = req.query.name;
  res.json({ greeting: 'Hello ' + name }); // safe: xss
});

app.get('/error', (req, res) => {
  res.status(400).end('<div class="error">' + req.query.message + '</div>'); // vuln: xss
});

app.get('/error-text', (req, res) => {
  res.type('text/plain');
  res.status(400).send('Error: ' + req.query.message); // safe: xss
});

app.get('/profile/:user', (req, res) => {
  const user = req.params.user;
  res.set('Content-Type', 'text/html');
  res.send('<h2>' + user + '</h2>'); // vuln: xss
});

module.exports = app;
