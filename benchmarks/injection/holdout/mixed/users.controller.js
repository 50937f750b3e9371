const userService = require('../services/user-service');
const util = require('util');
const db = require('../services/db');

exports.search = async (req, res) => {
  const users = await userService.findByName(req.query.name);
  res.json(users);
};

exports.searchSafe = async (req, res) => {
  const users = await userService.findByNameSafe(req.query.name);
  res.json(users);
};

exports.byRole = async (req, res) => {
  const role = req.param('role');
  const sql = util.format("SELECT * FROM users WHERE role = '%s'", role);
  res.json(await db.any(sql)); // vuln: sql
};

exports.byRoleSafe = async (req, res) => {
  const role = req.param('role');
  res.json(await db.any('SELECT * FROM users WHERE role = $1', [role])); // safe: sql
};

exports.page = async (req, res) => {
  const { limit = 10, offset = 0, ...filters } = req.query;
  const clauses = [];
  for (const [column, value] of Object.entries(filters)) {
    clauses.push(`${column} = '${value}'`);
  }
  const where = clauses.length ? 'WHERE ' + clauses.join(' AND ') : '';
  res.json(await db.any(`SELECT * FROM users ${where} LIMIT ${Number(limit)} OFFSET ${Number(offset)}`)); // vuln: sql
};
