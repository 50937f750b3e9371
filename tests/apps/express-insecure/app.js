// Express with the framework defaults a tutorial leaves in place: what nodeward's probe must flag.
'use strict';
const express = require('express');
const session = require('express-session');
const cors = require('cors');

const app = express();
// Test bookkeeping, not part of the app under test: one line per request received, read by the pytest fixture.
app.use((req, res, next) => {
  process.stdout.write(`NWREQ ${req.method} ${req.originalUrl}\n`);
  next();
});
app.use(cors({ origin: true, credentials: true }));
app.use(session({ secret: 'keyboard cat' }));
app.use(express.json());
// Serving the project folder publishes package.json (dotfiles stay hidden: express.static ignores them).
app.use(express.static(__dirname));

app.get('/', (req, res) => {
  res.send('<!DOCTYPE html><html><head><title>insecure</title></head><body>hello</body></html>');
});
app.get('/api/ping', (req, res) => res.json({ ok: true }));
app.get('/metrics', (req, res) => {
  res.type('text/plain; version=0.0.4');
  res.send(
    '# HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.\n' +
      '# TYPE process_cpu_user_seconds_total counter\nprocess_cpu_user_seconds_total 0.12\n',
  );
});
app.get('/boom', () => {
  throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated DB failure)');
});

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`NWREADY ${server.address().port}\n`);
});
