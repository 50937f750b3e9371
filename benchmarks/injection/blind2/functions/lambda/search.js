'use strict';
const middy = require('@middy/core');
const httpJsonBodyParser = require('@middy/http-json-body-parser');
const { Client } = require('pg');

const client = new Client();
const connected = client.connect();

async function search(event) {
  await connected;
  const { rows } = await client.query(`SELECT id, title FROM articles WHERE title ILIKE '%${event.body.term}%'`); // vuln: sql
  return { statusCode: 200, body: JSON.stringify(rows) };
}

async function searchSafe(event) {
  await connected;
  const { rows } = await client.query('SELECT id, title FROM articles WHERE title ILIKE $1', [`%${event.body.term}%`]); // safe: sql
  return { statusCode: 200, body: JSON.stringify(rows) };
}

module.exports.handler = middy(search).use(httpJsonBodyParser());
module.exports.safeHandler = middy(searchSafe).use(httpJsonBodyParser());
