const express = require('express');
const { Sequelize, QueryTypes } = require('sequelize');
const cp = require('child_process');

const sequelize = new Sequelize('sqlite::memory:');
const app = express();

app.get('/people', async (req, res) => {
  const { query: { name } } = req;
  const rows = await sequelize.query(`SELECT * FROM people WHERE name = '${name}'`, { type: QueryTypes.SELECT }); // vuln: sql
  res.json(rows);
});

app.get('/people-safe', async (req, res) => {
  const { query: { name } } = req;
  const rows = await sequelize.query('SELECT * FROM people WHERE name = ?', { replacements: [name], type: QueryTypes.SELECT }); // safe: sql
  res.json(rows);
});

app.post('/zip', express.json(), (req, res) => {
  const { body } = req;
  cp.exec(`zip -r /tmp/out.zip ${body.folder}`, () => res.sendStatus(204)); // vuln: command
});

app.post('/zip-safe', express.json(), (req, res) => {
  const { body } = req;
  cp.execFile('zip', ['-r', '/tmp/out.zip', '--', String(body.folder)], () => res.sendStatus(204)); // safe: command
});

app.get('/people/by-literal', async (req, res) => {
  const Person = sequelize.models.Person;
  const rows = await Person.findAll({ where: sequelize.literal(`nickname = '${req.query.nick}'`) }); // vuln: sql
  res.json(rows);
});

app.get('/embed', (req, res) => {
  res.end(`<script>window.state = ${JSON.stringify(req.query)};</script>`); // vuln: xss
});

app.get('/embed-safe', (req, res) => {
  res.json({ state: req.query }); // safe: xss
});

module.exports = app;
