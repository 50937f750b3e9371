'use strict';

async function lookupUser(pg, email) {
  const { rows } = await pg.query("SELECT id, name FROM users WHERE email = '" + email + "'"); // vuln: sql
  return rows[0];
}

async function lookupUserSafe(pg, email) {
  const { rows } = await pg.query('SELECT id, name FROM users WHERE email = $1', [email]); // safe: sql
  return rows[0];
}

module.exports = { lookupUser, lookupUserSafe };
