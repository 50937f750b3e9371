import { pool } from '../utils/pg';

export default defineEventHandler(async (event) => {
  const { warehouse, q } = getQuery(event);
  const { rows } = await pool.query(`SELECT sku, qty FROM items WHERE warehouse = '${warehouse}' AND name ILIKE '%${q}%'`); // vuln: sql
  return rows;
});
