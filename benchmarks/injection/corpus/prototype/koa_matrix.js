const Router = require('@koa/router');
const router = new Router();

const store = {};

router.post('/matrix', async (ctx) => {
  const { row, col, value } = ctx.request.body;
  store[row] = store[row] || {};
  store[row][col] = value; // vuln: prototype
  ctx.body = store;
});

router.post('/matrix-safe', async (ctx) => {
  const { row, col, value } = ctx.request.body;
  const r = Number(row);
  const c = Number(col);
  store[r] = store[r] || {};
  store[r][c] = value; // safe: prototype
  ctx.body = store;
});

router.post('/labels', async (ctx) => {
  const labels = {};
  const { group, name, color } = ctx.request.body;
  if (group === '__proto__' || group === 'constructor' || group === 'prototype') ctx.throw(400);
  if (name === '__proto__' || name === 'constructor' || name === 'prototype') ctx.throw(400);
  labels[group] = labels[group] || {};
  labels[group][name] = color; // safe: prototype
  ctx.body = labels;
});

module.exports = router;
