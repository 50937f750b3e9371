// Koa with koa-session's defaults (koa.sess, readable client-side data) and a hand-made limiter on /login.
'use strict';
const Koa = require('koa');
const { createSession } = require('koa-session');

const app = new Koa();
app.keys = ['nodeward test signing key'];

app.use(async (ctx, next) => {
  // Test bookkeeping, not part of the app under test: one line per request received, read by the pytest fixture.
  process.stdout.write(`NWREQ ${ctx.method} ${ctx.originalUrl}\n`);
  await next();
});
app.use(createSession(app));

// A fixed-window limiter without headers: 10 login attempts a minute per client, then 429.
const attempts = new Map();
app.use(async (ctx, next) => {
  if (ctx.path !== '/login') return next();
  const now = Date.now();
  const entry = attempts.get(ctx.ip) || { start: now, count: 0 };
  if (now - entry.start > 60_000) Object.assign(entry, { start: now, count: 0 });
  entry.count += 1;
  attempts.set(ctx.ip, entry);
  if (entry.count > 10) {
    ctx.status = 429;
    ctx.body = 'Too Many Requests';
    return;
  }
  ctx.body = { login: 'form' };
});

app.use(async (ctx) => {
  if (ctx.path === '/' && ctx.method === 'GET') {
    ctx.session.views = (ctx.session.views || 0) + 1;
    ctx.session.role = 'guest';
    ctx.type = 'html';
    ctx.body = '<!DOCTYPE html><html><head><title>koa</title></head><body>hello</body></html>';
  } else if (ctx.path === '/boom') {
    throw new Error('simulated failure');
  }
});

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`NWREADY ${server.address().port}\n`);
});
