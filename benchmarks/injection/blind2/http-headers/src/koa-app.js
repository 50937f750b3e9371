'use strict';
const Koa = require('koa');
const Router = require('koa-router');
const crypto = require('crypto');

const app = new Koa();
const router = new Router();
app.keys = [process.env.KOA_KEY];

router.post('/signin', (ctx) => {
  ctx.cookies.set('sid', crypto.randomUUID(), { httpOnly: false, secure: true, sameSite: 'lax', signed: true }); // vuln: cookie
  ctx.status = 204;
});

router.post('/signin-safe', (ctx) => {
  ctx.cookies.set('sid', crypto.randomUUID(), { httpOnly: true, secure: true, sameSite: 'lax', signed: true }); // safe: cookie
  ctx.status = 204;
});

router.get('/avatar/:user', (ctx) => {
  ctx.set('X-Avatar-Owner', ctx.params.user); // vuln: header
  ctx.set('Cache-Control', 'public, max-age=600'); // safe: header
  ctx.body = '';
});

app.use(router.routes());
app.listen(3703);
