'use strict';
const express = require('express');
const routeTable = require('./routes/table');
const actions = require('./routes/actions');
const reports = require('./routes/reports');
const { tenant } = require('./middleware/tenant');
const jobs = require('./jobs/queue');

const app = express();
app.use(express.json({ limit: '200kb' }));
app.use(tenant);

// Route table: [{ method, path, handler }]
for (const { method, path, handler } of routeTable) {
  app[method](path, handler);
}

// Handlers dispatched by key
app.post('/actions/:name', (req, res, next) => {
  const action = Object.hasOwn(actions, req.params.name) ? actions[req.params.name] : null;
  if (!action) return res.status(404).end();
  return action(req, res, next);
});

app.use('/reports', reports);

app.post('/jobs', (req, res) => {
  jobs.emit('job', req.body);
  res.status(202).end();
});

app.listen(3000);
