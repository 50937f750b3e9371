const express = require('express');
const _ = require('lodash');

const app = express();
app.use(express.json());

const settingsByUser = new Map();

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (source[key] && typeof source[key] === 'object') {
      if (!target[key]) target[key] = {};
      deepMerge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

app.patch('/settings', (req, res) => {
  const current = settingsByUser.get(req.user.id) || {};
  deepMerge(current, req.body); // vuln: prototype
  settingsByUser.set(req.user.id, current);
  res.json(current);
});

app.patch('/settings-safe', (req, res) => {
  const current = settingsByUser.get(req.user.id) || {};
  const { theme, language } = req.body;
  const next = { ...current, theme: String(theme), language: String(language) }; // safe: prototype
  settingsByUser.set(req.user.id, next);
  res.json(next);
});

app.put('/prefs', (req, res) => {
  const prefs = {};
  _.merge(prefs, req.body.prefs); // vuln: prototype
  res.json(prefs);
});

app.put('/prefs-safe', (req, res) => {
  const prefs = Object.create(null);
  const incoming = req.body.prefs;
  for (const key of ['color', 'density']) {
    prefs[key] = String(incoming[key]);
  }
  res.json(prefs); // safe: prototype
});

app.post('/config/set', (req, res) => {
  const config = {};
  _.set(config, req.body.path, req.body.value); // vuln: prototype
  res.json(config);
});

const SETTABLE = ['ui.theme', 'ui.font', 'notifications.email'];
app.post('/config/set-safe', (req, res) => {
  const config = {};
  if (!SETTABLE.includes(req.body.path)) return res.status(400).end();
  _.set(config, req.body.path, req.body.value); // safe: prototype
  res.json(config);
});

module.exports = app;
