import { pool } from '../../lib/db';

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export default async function handler(req, res) {
  const { rows } = await pool.query('SELECT display_name FROM members WHERE handle = $1', [req.body.handle]); // safe: sql
  res.setHeader('Content-Type', 'text/html');
  res.end(`<p>Hello ${escape(req.body.handle)}</p>`); // safe: xss
}
