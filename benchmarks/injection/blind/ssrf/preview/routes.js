const express = require('express');
const fetch = require('node-fetch');
const got = require('got');
const { fetchPreview, fetchPreviewSafe } = require('./linkPreview');

const router = express.Router();
const REGIONS = { eu: 'status-eu.internal.example', us: 'status-us.internal.example' };

router.get('/preview', async (req, res, next) => {
  try {
    res.json(await fetchPreview(req.query.url));
  } catch (e) {
    next(e);
  }
});

router.get('/v2/preview', async (req, res, next) => {
  try {
    res.json(await fetchPreviewSafe(req.query.url));
  } catch (e) {
    next(e);
  }
});

router.get('/github/:user', async (req, res) => {
  const response = await fetch(`https://api.github.com/users/${encodeURIComponent(req.params.user)}`); // safe: ssrf
  res.json(await response.json());
});

router.get('/avatar', async (req, res) => {
  const response = await fetch(req.query.src); // vuln: ssrf
  res.type(response.headers.get('content-type') || 'image/png');
  response.body.pipe(res);
});

router.get('/status/:region', async (req, res) => {
  const body = await got(`http://${req.params.region}/healthz`).json(); // vuln: ssrf
  res.json(body);
});

router.get('/v2/status/:region', async (req, res) => {
  const host = REGIONS[req.params.region];
  if (!host) return res.sendStatus(404);
  const body = await got(`http://${host}/healthz`).json(); // safe: ssrf
  res.json(body);
});

module.exports = router;
