'use strict';
const express = require('express');
const request = require('request');
const needle = require('needle');
const urllib = require('urllib');
const bent = require('bent');
const superagent = require('superagent');
const got = require('got');
const fetch = require('node-fetch');
const undici = require('undici');
const phin = require('phin');
const axios = require('axios');
const { allowedUrl } = require('../lib/allow');

const router = express.Router();
const partnerApi = axios.create({ timeout: 5000, headers: { 'user-agent': 'link-gateway/5' } });
const getJson = bent('json');

router.get('/request', (req, res) => {
  request(req.query.url, (err, resp, body) => res.status(resp ? resp.statusCode : 502).send(body)); // vuln: ssrf
});
router.get('/request-safe', (req, res) => {
  request(allowedUrl(req.query.url), (err, resp, body) => res.status(resp ? resp.statusCode : 502).send(body)); // safe: ssrf
});

router.get('/needle', (req, res) => {
  needle.get(req.query.url, (err, resp) => res.send(resp && resp.body)); // vuln: ssrf
});
router.get('/needle-safe', (req, res) => {
  needle.get(allowedUrl(req.query.url), (err, resp) => res.send(resp && resp.body)); // safe: ssrf
});

router.post('/urllib', async (req, res) => {
  const { data } = await urllib.request(req.body.url, { method: 'GET', dataType: 'json' }); // vuln: ssrf
  res.json(data);
});
router.post('/urllib-safe', async (req, res) => {
  const { data } = await urllib.request(allowedUrl(req.body.url), { method: 'GET', dataType: 'json' }); // safe: ssrf
  res.json(data);
});

router.post('/bent', async (req, res) => {
  res.json(await getJson(req.body.url)); // vuln: ssrf
});
router.post('/bent-safe', async (req, res) => {
  res.json(await getJson(allowedUrl(req.body.url))); // safe: ssrf
});

router.get('/superagent', async (req, res) => {
  const r = await superagent.get(req.query.feed).timeout(5000); // vuln: ssrf
  res.send(r.text);
});
router.get('/superagent-safe', async (req, res) => {
  const r = await superagent.get(allowedUrl(req.query.feed)).timeout(5000); // safe: ssrf
  res.send(r.text);
});

router.get('/got', async (req, res) => {
  res.json(await got(req.query.url, { timeout: 5000 }).json()); // vuln: ssrf
});
router.get('/got-safe', async (req, res) => {
  res.json(await got('https://api.partner.example/v1/items', { searchParams: { q: req.query.q }, timeout: 5000 }).json()); // safe: ssrf
});

router.get('/node-fetch', async (req, res) => {
  const r = await fetch(`https://${req.query.region}.api.partner.example/v1/health`); // vuln: ssrf
  res.status(r.status).end();
});
router.get('/node-fetch-safe', async (req, res) => {
  const region = ['eu', 'us', 'ap'].includes(req.query.region) ? req.query.region : 'eu';
  const r = await fetch(`https://${region}.api.partner.example/v1/health`); // safe: ssrf
  res.status(r.status).end();
});

router.post('/undici', async (req, res) => {
  const { statusCode, body } = await undici.request(req.body.webhook, { method: 'POST', body: JSON.stringify(req.body.payload) }); // vuln: ssrf
  res.status(statusCode).send(await body.text());
});
router.post('/undici-safe', async (req, res) => {
  const { statusCode, body } = await undici.request(allowedUrl(req.body.webhook), { method: 'POST', body: JSON.stringify(req.body.payload) }); // safe: ssrf
  res.status(statusCode).send(await body.text());
});

router.get('/undici-fetch', async (req, res) => {
  const host = req.get('x-upstream-host');
  const r = await undici.fetch('https://' + host + '/metrics'); // vuln: ssrf
  res.send(await r.text());
});
router.get('/undici-fetch-safe', async (req, res) => {
  const r = await undici.fetch('https://metrics.partner.example/metrics?node=' + encodeURIComponent(req.get('x-node') || '')); // safe: ssrf
  res.send(await r.text());
});

router.get('/phin', async (req, res) => {
  const r = await phin({ url: req.query.url, parse: 'json' }); // vuln: ssrf
  res.json(r.body);
});
router.get('/phin-safe', async (req, res) => {
  const r = await phin({ url: allowedUrl(req.query.url), parse: 'json' }); // safe: ssrf
  res.json(r.body);
});

router.get('/axios-instance', async (req, res) => {
  const { data } = await partnerApi.get(req.query.url); // vuln: ssrf
  res.json(data);
});
router.get('/axios-instance-safe', async (req, res) => {
  const { data } = await partnerApi.get(allowedUrl(req.query.url)); // safe: ssrf
  res.json(data);
});

router.get('/ky', async (req, res) => {
  const { default: ky } = await import('ky');
  res.json(await ky.get(req.query.url, { timeout: 5000 }).json()); // vuln: ssrf
});
router.get('/ky-safe', async (req, res) => {
  const { default: ky } = await import('ky');
  res.json(await ky.get(allowedUrl(req.query.url), { timeout: 5000 }).json()); // safe: ssrf
});

module.exports = router;
