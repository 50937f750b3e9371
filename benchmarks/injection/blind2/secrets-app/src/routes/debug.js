'use strict';
const express = require('express');
const os = require('os');
const config = require('../config');

const router = express.Router();

router.get('/env', (req, res) => {
  res.json(process.env); // vuln: exposure
});

router.get('/env-safe', (req, res) => {
  res.json({ node: process.version, release: process.env.RELEASE_SHA, region: process.env.AWS_REGION }); // safe: exposure
});

router.get('/config', (req, res) => {
  res.send({ config, host: os.hostname() }); // vuln: exposure
});

router.get('/config-safe', (req, res) => {
  res.send({ features: config.features, currency: config.currency }); // safe: exposure
});

router.get('/health', (req, res) => {
  res.json({ status: 'ok', env: { ...process.env } }); // vuln: exposure
});

router.get('/health-safe', (req, res) => {
  res.json({ status: 'ok', env: process.env.NODE_ENV }); // safe: exposure
});

module.exports = router;
