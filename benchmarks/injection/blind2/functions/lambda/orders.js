'use strict';
const { Client } = require('pg');

let client;
async function db() {
  if (!client) {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  }
  return client;
}

const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

exports.handler = async (event) => {
  const { customerId } = event.pathParameters;
  const status = (event.queryStringParameters || {}).status || 'open';
  const pg = await db();
  const { rows } = await pg.query(`SELECT id, total FROM orders WHERE customer_id = ${customerId} AND status = '${status}'`); // vuln: sql
  return json(200, rows);
};

exports.safeHandler = async (event) => {
  const { customerId } = event.pathParameters;
  const status = (event.queryStringParameters || {}).status || 'open';
  const pg = await db();
  const { rows } = await pg.query('SELECT id, total FROM orders WHERE customer_id = $1 AND status = $2', [customerId, status]); // safe: sql
  return json(200, rows);
};
