const Router = require('@koa/router');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: process.env.DB_HOST, user: 'app', database: 'shop' });
const router = new Router({ prefix: '/orders' });

const SORTABLE = { date: 'created_at', total: 'total_cents', status: 'status' };

router.get('/', async (ctx) => {
  const { sort = 'created_at', dir = 'DESC', customer } = ctx.query;
  const [rows] = await pool.query(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ${sort} ${dir}`, [customer]); // vuln: sql
  ctx.body = rows;
});

router.get('/sorted', async (ctx) => {
  const column = SORTABLE[ctx.query.sort] || 'created_at';
  const direction = ctx.query.dir === 'asc' ? 'ASC' : 'DESC';
  const [rows] = await pool.query(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ${column} ${direction}`, [ctx.query.customer]); // safe: sql
  ctx.body = rows;
});

router.delete('/:id', async (ctx) => {
  await pool.execute('DELETE FROM orders WHERE id = ' + ctx.params.id); // vuln: sql
  ctx.status = 204;
});

router.delete('/v2/:id', async (ctx) => {
  await pool.execute('DELETE FROM orders WHERE id = ?', [ctx.params.id]); // safe: sql
  ctx.status = 204;
});

module.exports = router;
