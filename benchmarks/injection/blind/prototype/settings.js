const express = require('express');
const _ = require('lodash');
const deepmerge = require('deepmerge');

const router = express.Router();
const DEFAULTS = { theme: 'light', notifications: { email: true, push: false }, locale: 'en' };

router.patch('/settings', async (req, res) => {
  const current = await req.user.getSettings();
  const updated = _.merge({}, current, req.body); // vuln: prototype
  await req.user.saveSettings(updated);
  res.json(updated);
});

router.patch('/v2/settings', async (req, res) => {
  const current = await req.user.getSettings();
  const patch = _.pick(req.body, ['theme', 'locale', 'notifications.email', 'notifications.push']);
  const updated = _.merge({}, current, patch); // safe: prototype
  await req.user.saveSettings(updated);
  res.json(updated);
});

router.post('/widgets/import', (req, res) => {
  const layout = deepmerge(DEFAULTS, JSON.parse(req.body.layout)); // vuln: prototype
  res.json(layout);
});

router.post('/v2/widgets/import', (req, res) => {
  const parsed = JSON.parse(req.body.layout);
  const layout = { ...DEFAULTS, theme: String(parsed.theme || DEFAULTS.theme), locale: String(parsed.locale || 'en') }; // safe: prototype
  res.json(layout);
});

module.exports = router;
