'use strict';
const express = require('express');
const AWS = require('aws-sdk');
const { DynamoDBClient, ExecuteStatementCommand } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, QueryCommand } = require('@aws-sdk/lib-dynamodb');

const router = express.Router();
const docV2 = new AWS.DynamoDB.DocumentClient();
const ddb = new DynamoDBClient({});
const docV3 = DynamoDBDocumentClient.from(ddb);
const FILTERABLE = new Set(['status', 'carrier', 'priority']);

router.get('/v2/orders/:customer', async (req, res) => {
  const params = {
    TableName: 'orders',
    KeyConditionExpression: 'customerId = :c',
    FilterExpression: `${req.query.field} = :v`,
    ExpressionAttributeValues: { ':c': req.params.customer, ':v': req.query.value },
  };
  const out = await docV2.query(params).promise(); // vuln: nosql
  res.json(out.Items);
});

router.get('/v2-safe/orders/:customer', async (req, res) => {
  if (!FILTERABLE.has(req.query.field)) return res.status(400).end();
  const params = {
    TableName: 'orders',
    KeyConditionExpression: 'customerId = :c',
    FilterExpression: '#f = :v',
    ExpressionAttributeNames: { '#f': req.query.field },
    ExpressionAttributeValues: { ':c': req.params.customer, ':v': req.query.value },
  };
  const out = await docV2.query(params).promise(); // safe: nosql
  res.json(out.Items);
});

router.post('/v3/shipments', async (req, res) => {
  const input = {
    TableName: 'shipments',
    KeyConditionExpression: 'pk = :pk AND ' + req.body.range,
    ExpressionAttributeValues: { ':pk': `ACCOUNT#${req.body.account}` },
  };
  const out = await docV3.send(new QueryCommand(input)); // vuln: nosql
  res.json(out.Items);
});

router.post('/v3-safe/shipments', async (req, res) => {
  const input = {
    TableName: 'shipments',
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `ACCOUNT#${req.body.account}`, ':from': String(req.body.from), ':to': String(req.body.to) },
  };
  const out = await docV3.send(new QueryCommand(input)); // safe: nosql
  res.json(out.Items);
});

router.get('/partiql/orders', async (req, res) => {
  const out = await ddb.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "orders" WHERE customerId = '${req.query.customer}'` })); // vuln: sql
  res.json(out.Items);
});

router.get('/partiql-safe/orders', async (req, res) => {
  const out = await ddb.send(
    new ExecuteStatementCommand({ Statement: 'SELECT * FROM "orders" WHERE customerId = ?', Parameters: [{ S: String(req.query.customer) }] }), // safe: sql
  );
  res.json(out.Items);
});

module.exports = router;
