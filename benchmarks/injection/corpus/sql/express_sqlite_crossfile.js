const express = require('express');
const audit = require('./lib/audit-store');
const { eventsFor, eventsForSafe } = require('./lib/audit-store');

const app = express();

app.post('/audit', express.json(), (req, res) => {
  const actor = req.body.actor;
  audit.recordEvent(actor, req.body.action);
  res.sendStatus(201);
});

app.post('/audit-safe', express.json(), (req, res) => {
  audit.recordEventSafe(req.body.actor, req.body.action);
  res.sendStatus(201);
});

app.get('/audit/:actor', (req, res) => {
  eventsFor(req.params.actor, (err, rows) => {
    if (err) return res.status(500).end();
    res.json(rows);
  });
});

app.get('/audit-safe/:actor', (req, res) => {
  eventsForSafe(req.params.actor, (err, rows) => {
    if (err) return res.status(500).end();
    res.json(rows);
  });
});

module.exports = app;
