const express = require('express');
const knex = require('knex')({ client: 'pg', connection: process.env.PG_URL });

const app = express();

app.get('/tickets', async (req, res) => {
  const { status, assignee } = req.query;
  const tickets = await knex('tickets')
    .select('*')
    .whereRaw(`status = '${status}'`) // vuln: sql
    .andWhere('assignee', assignee);
  res.json(tickets);
});

app.get('/tickets-safe', async (req, res) => {
  const { status, assignee } = req.query;
  const tickets = await knex('tickets')
    .select('*')
    .whereRaw('status = ?', [status]) // safe: sql
    .andWhere('assignee', assignee);
  res.json(tickets);
});

app.get('/tickets/sorted', async (req, res) => {
  const sort = req.query.sort || 'created_at';
  const rows = await knex('tickets').orderByRaw(sort + ' DESC'); // vuln: sql
  res.json(rows);
});

const ORDERABLE = ['created_at', 'priority', 'title'];
app.get('/tickets/sorted-safe', async (req, res) => {
  const sort = req.query.sort || 'created_at';
  if (!ORDERABLE.includes(sort)) {
    return res.status(400).json({ error: 'bad sort' });
  }
  const rows = await knex('tickets').orderByRaw(sort + ' DESC'); // safe: sql
  res.json(rows);
});

app.get('/tickets/stats', async (req, res) => {
  const field = req.query.groupBy;
  const result = await knex.raw(`SELECT ${field}, count(*) FROM tickets GROUP BY ${field}`); // vuln: sql
  res.json(result.rows);
});

app.get('/tickets/stats-safe', async (req, res) => {
  const field = req.query.groupBy;
  const result = await knex.raw('SELECT ??, count(*) FROM tickets GROUP BY ??', [field, field]); // safe: sql
  res.json(result.rows);
});

app.get('/tickets/:id/comments', async (req, res) => {
  const rows = await knex('comments')
    .join('users', 'users.id', 'comments.author_id')
    .joinRaw('AND comments.ticket_id = ' + req.params.id); // vuln: sql
  res.json(rows);
});

app.get('/tickets/:id/comments-safe', async (req, res) => {
  const rows = await knex('comments')
    .join('users', 'users.id', 'comments.author_id')
    .where('comments.ticket_id', req.params.id); // safe: sql
  res.json(rows);
});

module.exports = app;
