const Router = require('@koa/router');
const { Sequelize, QueryTypes, Op } = require('sequelize');

const sequelize = new Sequelize(process.env.DB_URL);
const router = new Router({ prefix: '/api' });

router.get('/invoices', async (ctx) => {
  const { customer, from } = ctx.query;
  const invoices = await sequelize.query(
    `SELECT * FROM invoices WHERE customer_id = ${customer} AND issued_at >= '${from}'`, // vuln: sql
    { type: QueryTypes.SELECT }
  );
  ctx.body = invoices;
});

router.get('/invoices-safe', async (ctx) => {
  const { customer, from } = ctx.query;
  const invoices = await sequelize.query(
    'SELECT * FROM invoices WHERE customer_id = :customer AND issued_at >= :from', // safe: sql
    { replacements: { customer, from }, type: QueryTypes.SELECT }
  );
  ctx.body = invoices;
});

router.get('/invoices/ordered', async (ctx) => {
  const Invoice = sequelize.models.Invoice;
  const direction = ctx.request.query.dir;
  ctx.body = await Invoice.findAll({
    order: sequelize.literal(`issued_at ${direction}`), // vuln: sql
  });
});

router.get('/invoices/ordered-safe', async (ctx) => {
  const Invoice = sequelize.models.Invoice;
  const direction = ctx.request.query.dir === 'asc' ? 'ASC' : 'DESC';
  ctx.body = await Invoice.findAll({
    order: sequelize.literal(`issued_at ${direction}`), // safe: sql
  });
});

router.post('/invoices/bulk-delete', async (ctx) => {
  const ids = ctx.request.body.ids;
  await sequelize.query('DELETE FROM invoices WHERE id IN (' + ids.join(',') + ')'); // vuln: sql
  ctx.status = 204;
});

router.post('/invoices/bulk-delete-safe', async (ctx) => {
  const ids = ctx.request.body.ids.map((id) => Number(id));
  await sequelize.query('DELETE FROM invoices WHERE id IN (' + ids.join(',') + ')'); // safe: sql
  ctx.status = 204;
});

module.exports = router;
