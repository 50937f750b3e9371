const Koa = require('koa');
const Router = require('@koa/router');
const he = require('he');

const app = new Koa();
const router = new Router();

router.get('/flash', (ctx) => {
  ctx.type = 'html';
  ctx.body = '<div class="flash">' + ctx.query.msg + '</div>'; // vuln: xss
});

router.get('/v2/flash', (ctx) => {
  ctx.type = 'html';
  ctx.body = '<div class="flash">' + he.encode(String(ctx.query.msg || '')) + '</div>'; // safe: xss
});

app.use(router.routes());
module.exports = app;
