'use strict';
const express = require('express');
const cassandra = require('cassandra-driver');
const couchbase = require('couchbase');

const router = express.Router();
const cql = new cassandra.Client({ contactPoints: [process.env.CASSANDRA_HOST], localDataCenter: 'dc1', keyspace: 'telemetry' });
let cluster;
couchbase.connect(process.env.COUCHBASE_URL, { username: process.env.CB_USER, password: process.env.CB_PASSWORD }).then((c) => (cluster = c));

router.get('/readings/:device', async (req, res) => {
  const result = await cql.execute(`SELECT * FROM readings WHERE device_id = '${req.params.device}' LIMIT 100`); // vuln: sql
  res.json(result.rows);
});

router.get('/readings-safe/:device', async (req, res) => {
  const result = await cql.execute('SELECT * FROM readings WHERE device_id = ? LIMIT 100', [req.params.device], { prepare: true }); // safe: sql
  res.json(result.rows);
});

router.get('/profiles', async (req, res) => {
  const result = await cluster.query(`SELECT p.* FROM \`profiles\` p WHERE p.country = "${req.query.country}"`); // vuln: sql
  res.json(result.rows);
});

router.get('/profiles-safe', async (req, res) => {
  const result = await cluster.query('SELECT p.* FROM `profiles` p WHERE p.country = $country', { parameters: { country: String(req.query.country) } }); // safe: sql
  res.json(result.rows);
});

module.exports = router;
