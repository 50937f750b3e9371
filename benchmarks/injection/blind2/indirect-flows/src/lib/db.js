'use strict';
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD, database: 'wh' });

// Shared helper used by many routes: runs a WHERE clause built by the caller.
async function findWhere(table, where) {
  const [rows] = await pool.query(`SELECT * FROM ${table} WHERE ${where}`); // vuln: sql
  return rows;
}

async function findBy(table, column, value) {
  const [rows] = await pool.query('SELECT * FROM ?? WHERE ?? = ?', [table, column, value]); // safe: sql
  return rows;
}

module.exports = { pool, findWhere, findBy };
