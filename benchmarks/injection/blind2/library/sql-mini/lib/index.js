'use strict';

/** findOne(pool, 'users', { email }) */
async function findOne(pool, table, where) {
  const clause = Object.entries(where).map(([k, v]) => `${k} = '${v}'`).join(' AND ');
  const { rows } = await pool.query(`SELECT * FROM ${table} WHERE ${clause} LIMIT 1`); // vuln: sql
  return rows[0];
}

const IDENT = /^[a-z_][a-z0-9_]*$/i;

/** findOne with bound values; table and column names must be plain identifiers. */
async function findOneSafe(pool, table, where) {
  const keys = Object.keys(where);
  if (!IDENT.test(table) || !keys.every((k) => IDENT.test(k))) throw new TypeError('invalid identifier');
  const clause = keys.map((k, i) => `"${k}" = $${i + 1}`).join(' AND ');
  const { rows } = await pool.query(`SELECT * FROM "${table}" WHERE ${clause} LIMIT 1`, keys.map((k) => where[k])); // safe: sql
  return rows[0];
}

module.exports = { findOne, findOneSafe };
