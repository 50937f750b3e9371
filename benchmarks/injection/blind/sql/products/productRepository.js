'use strict';

const db = require('../db');

async function searchByName(term, limit = 20) {
  const { rows } = await db.query(`SELECT id, name, price FROM products WHERE name ILIKE '%${term}%' LIMIT ${limit}`); // vuln: sql
  return rows;
}

async function searchByNameSafe(term, limit = 20) {
  const { rows } = await db.query('SELECT id, name, price FROM products WHERE name ILIKE $1 LIMIT $2', [`%${term}%`, limit]); // safe: sql
  return rows;
}

async function findInCategory(categoryId) {
  const sql = 'SELECT id, name FROM products WHERE category_id = ' + categoryId + ' AND deleted_at IS NULL';
  const result = await db.query(sql); // vuln: sql
  return result.rows;
}

async function findInCategorySafe(categoryId) {
  const id = Number.parseInt(categoryId, 10);
  if (Number.isNaN(id)) return [];
  const sql = 'SELECT id, name FROM products WHERE category_id = ' + id + ' AND deleted_at IS NULL';
  const result = await db.query(sql); // safe: sql
  return result.rows;
}

module.exports = { searchByName, searchByNameSafe, findInCategory, findInCategorySafe };
