import { pool } from '../../lib/db';

export default async function handler(req, res) {
  const { rows } = await pool.query(`SELECT display_name FROM members WHERE handle = '${req.body.handle}'`); // vuln: sql
  const member = rows[0];
  res.setHeader('Content-Type', 'text/html');
  res.end(`<p>Hello ${req.body.handle}</p>`); // vuln: xss
}
