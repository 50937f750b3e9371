'use strict';
const express = require('express');
const neo4j = require('neo4j-driver');
const r = require('rethinkdb');

const router = express.Router();
const driver = neo4j.driver(process.env.NEO4J_URL, neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD));
let rconn;
r.connect({ host: process.env.RETHINK_HOST, db: 'catalog' }).then((c) => (rconn = c));

router.get('/friends', async (req, res) => {
  const session = driver.session();
  try {
    const result = await session.run(`MATCH (u:User {name: '${req.query.name}'})-[:FRIEND]->(f) RETURN f.name AS name`); // vuln: sql
    res.json(result.records.map((rec) => rec.get('name')));
  } finally {
    await session.close();
  }
});

router.get('/friends-safe', async (req, res) => {
  const session = driver.session();
  try {
    const result = await session.run('MATCH (u:User {name: $name})-[:FRIEND]->(f) RETURN f.name AS name', { name: String(req.query.name) }); // safe: sql
    res.json(result.records.map((rec) => rec.get('name')));
  } finally {
    await session.close();
  }
});

router.get('/items', async (req, res) => {
  const cursor = await r
    .table('items')
    .filter(r.js(`(function (item) { return item.brand == "${req.query.brand}"; })`)) // vuln: nosql
    .run(rconn);
  res.json(await cursor.toArray());
});

router.get('/items-safe', async (req, res) => {
  const cursor = await r.table('items').filter(r.row('brand').eq(String(req.query.brand))).run(rconn); // safe: nosql
  res.json(await cursor.toArray());
});

module.exports = router;
