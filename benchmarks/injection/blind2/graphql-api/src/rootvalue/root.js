'use strict';
const { exec, execFile } = require('child_process');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const HOSTNAME = /^[a-z0-9][a-z0-9.-]{0,252}$/i;

// graphql-js resolvers given as rootValue: each receives the field arguments as its first parameter.
const root = {
  async ordersByStatus({ status }) {
    const { rows } = await pool.query(`SELECT id, status, total FROM orders WHERE status = '${status}'`); // vuln: sql
    return rows;
  },

  async orderById({ id }) {
    const { rows } = await pool.query('SELECT id, status, total FROM orders WHERE id = $1', [id]); // safe: sql
    return rows[0];
  },

  diagnose({ host }) {
    return new Promise((resolve, reject) => {
      exec(`ping -c 1 ${host}`, { timeout: 5000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))); // vuln: command
    });
  },

  diagnoseSafe({ host }) {
    if (!HOSTNAME.test(host)) throw new Error('invalid host');
    return new Promise((resolve, reject) => {
      execFile('ping', ['-c', '1', host], { timeout: 5000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))); // safe: command
    });
  },
};

module.exports = { root };
