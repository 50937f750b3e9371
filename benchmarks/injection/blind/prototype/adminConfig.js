const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { setPath, setPathSafe } = require('./configStore');

const app = new Koa();
const router = new Router();
const config = {};
const sections = new Map();

router.put('/config', (ctx) => {
  setPath(config, ctx.request.body.key, ctx.request.body.value); // vuln: prototype
  ctx.body = config;
});

router.put('/v2/config', (ctx) => {
  setPathSafe(config, ctx.request.body.key, ctx.request.body.value); // safe: prototype
  ctx.body = config;
});

router.put('/sections/:section/:key', (ctx) => {
  config[ctx.params.section] = config[ctx.params.section] || {};
  config[ctx.params.section][ctx.params.key] = ctx.request.body.value; // vuln: prototype
  ctx.status = 204;
});

router.put('/v2/sections/:section/:key', (ctx) => {
  if (!sections.has(ctx.params.section)) sections.set(ctx.params.section, new Map());
  sections.get(ctx.params.section).set(ctx.params.key, ctx.request.body.value); // safe: prototype
  ctx.status = 204;
});

app.use(bodyParser());
app.use(router.routes());
module.exports = app;
