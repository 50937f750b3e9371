'use strict';
const path = require('path');
const fs = require('fs');
const express = require('express');
const ejs = require('ejs');
const pug = require('pug');
const { engine } = require('express-handlebars');
const nunjucks = require('nunjucks');
const Mustache = require('mustache');
const sanitizeHtml = require('sanitize-html');

const VIEWS = path.join(__dirname, '..', 'views');
const app = express();
app.engine('hbs', engine({ extname: '.hbs', defaultLayout: false }));
app.set('views', VIEWS);
app.set('view engine', 'ejs');
const env = nunjucks.configure(path.join(VIEWS, 'njk'), { autoescape: true, express: app });

app.get('/u/:name', (req, res) => {
  res.render('ejs/profile', {
    name: req.params.name,
    bio: req.query.bio,
    cleanBio: sanitizeHtml(req.query.bio || ''),
    prefs: { theme: req.query.theme, lang: req.query.lang },
  });
});

app.get('/pug/u/:name', (req, res) => {
  res.send(pug.renderFile(path.join(VIEWS, 'pug', 'profile.pug'), { name: req.params.name, tagline: req.query.tagline, cleanTagline: sanitizeHtml(req.query.tagline || '') }));
});

app.get('/hbs/posts/:id', (req, res) => {
  res.render('hbs/post.hbs', { title: req.query.title, body: req.query.body, cleanBody: sanitizeHtml(req.query.body || '') });
});

app.get('/njk/search', (req, res) => {
  res.render('search.njk', { q: req.query.q, hint: req.query.hint });
});

const cardTemplate = fs.readFileSync(path.join(VIEWS, 'mustache', 'card.mustache'), 'utf8');
app.get('/mustache/card', (req, res) => {
  res.type('html').send(Mustache.render(cardTemplate, { headline: req.query.headline, caption: req.query.caption }));
});

app.get('/api/profile/:name', (req, res) => {
  res.send({ name: req.params.name, bio: req.query.bio }); // safe: xss
});

app.get('/api/echo', (req, res) => {
  res.json({ q: req.query.q }); // safe: xss
});

app.listen(3600);
