import { pool } from '../utils/pg';

export default defineEventHandler(async (event) => {
  const body = await readBody(event);
  const { rows } = await pool.query('SELECT sku, qty FROM items WHERE warehouse = $1 AND name ILIKE $2', [String(body.warehouse), `%${body.q}%`]); // safe: sql
  return rows;
});
