'use strict';
const fs = require('fs');
const path = require('path');
const axios = require('axios');
const { respond } = require('../lib/respond');

const MANIFESTS = '/srv/wh/manifests';
const CARRIERS = { dhl: 'https://api.dhl.example/track', ups: 'https://api.ups.example/track' };

module.exports = {
  manifest(req, res) {
    fs.readFile(path.join(MANIFESTS, req.body.file), 'utf8', (err, text) => respond(res, err, text)); // vuln: path
  },

  manifestSafe(req, res) {
    const file = path.join(MANIFESTS, path.basename(req.body.file));
    fs.readFile(file, 'utf8', (err, text) => respond(res, err, text)); // safe: path
  },

  track(req, res, next) {
    axios
      .get(req.body.trackingUrl) // vuln: ssrf
      .then((r) => r.data)
      .then((data) => res.json(data))
      .catch(next);
  },

  trackSafe(req, res, next) {
    const base = CARRIERS[req.body.carrier];
    if (!base) return res.status(400).end();
    axios
      .get(base, { params: { id: req.body.trackingId } }) // safe: ssrf
      .then((r) => res.json(r.data))
      .catch(next);
  },

  echo(req, res) {
    respond(res, null, `<p>${req.body.note}</p>`, 'html');
  },
};
