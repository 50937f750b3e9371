'use strict';
const { Pool } = require('pg');
const express = require('express');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json());

function findUsersByRole(role, sortColumn) {
  const text = `SELECT id, email FROM users WHERE role = '${role}' ORDER BY ${sortColumn}`;
  return pool.query(text); // vuln: sql
}

const SORTABLE = ['email', 'created_at', 'id'];

function findUsersByRoleSafe(role, sortColumn) {
  const column = SORTABLE.includes(sortColumn) ? sortColumn : 'id';
  return pool.query(`SELECT id, email FROM users WHERE role = $1 ORDER BY ${column}`, [role]); // safe: sql
}

app.get('/admin/users', async (req, res) => {
  const result = await findUsersByRole(req.query.role, req.query.sort || 'id');
  res.json(result.rows);
});

app.get('/admin/users-safe', async (req, res) => {
  const result = await findUsersByRoleSafe(req.query.role, req.query.sort || 'id');
  res.json(result.rows);
});

app.delete('/sessions', async (req, res) => {
  const client = await pool.connect();
  try {
    const token = req.headers['x-session-token'];
    await client.query("DELETE FROM sessions WHERE token = '" + token + "'"); // vuln: sql
    res.status(204).end();
  } finally {
    client.release();
  }
});

app.delete('/sessions-safe', async (req, res) => {
  const client = await pool.connect();
  try {
    const token = req.headers['x-session-token'];
    await client.query({ text: 'DELETE FROM sessions WHERE token = $1', values: [token] }); // safe: sql
    res.status(204).end();
  } finally {
    client.release();
  }
});

app.get('/reports/:year', async (req, res) => {
  const year = parseInt(req.params.year, 10);
  const { rows } = await pool.query(`SELECT * FROM reports WHERE year = ${year}`); // safe: sql
  res.json(rows);
});

app.get('/reports-by-name/:name', async (req, res) => {
  const name = req.params.name;
  const { rows } = await pool.query(`SELECT * FROM reports WHERE name = '${name}'`); // vuln: sql
  res.json(rows);
});

module.exports = app;
