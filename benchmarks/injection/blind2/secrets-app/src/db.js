'use strict';
const { Pool } = require('pg');
const knex = require('knex');
const mongoose = require('mongoose');

const pool = new Pool({
  host: 'billing-db.internal.example.com',
  user: 'billing_app',
  password: 'Xq7!pR2#vL9z', // vuln: secret
  database: 'billing',
});

const reporting = knex({
  client: 'pg',
  connection: {
    host: process.env.REPORTING_DB_HOST,
    user: process.env.REPORTING_DB_USER,
    password: process.env.REPORTING_DB_PASSWORD, // safe: secret
    database: 'reporting',
  },
});

mongoose.connect('mongodb://audit_writer:T0pS3cretAudit99@audit-mongo.internal.example.com:27017/audit?authSource=admin'); // vuln: secret

module.exports = { pool, reporting };
