'use strict';
const Koa = require('koa');
const bodyParser = require('koa-bodyparser');

const flags = {};
const safeFlags = new Map();
const app = new Koa();
app.use(bodyParser());

app.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/flags') {
    const { group, name, enabled } = ctx.request.body;
    if (!flags[group]) flags[group] = {};
    flags[group][name] = enabled; // vuln: prototype
    ctx.body = flags;
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/flags-safe') {
    const { group, name, enabled } = ctx.request.body;
    if (!safeFlags.has(group)) safeFlags.set(group, new Map());
    safeFlags.get(group).set(String(name), Boolean(enabled)); // safe: prototype
    ctx.body = { ok: true };
    return;
  }
  await next();
});

app.listen(3801);
