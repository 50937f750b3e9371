const express = require('express');
const path = require('path');
const sanitizeHtml = require('sanitize-html');

const app = express();
app.set('view engine', 'ejs');
app.set('views', path.join(__dirname, 'views'));

app.get('/u/:name', (req, res) => {
  res.render('profile', { name: req.params.name, bio: req.query.bio }); // the finding is at the view's <%- bio %> line, with this call in its trace
});

app.get('/u-safe/:name', (req, res) => {
  res.render('safe-profile', { name: req.params.name, bio: req.query.bio }); // safe: xss
});

app.get('/u-clean/:name', (req, res) => {
  res.render('profile', { name: req.params.name, bio: sanitizeHtml(req.query.bio) }); // safe: xss
});

module.exports = app;
