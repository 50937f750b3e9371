const Koa = require('koa');
const Router = require('@koa/router');
const fs = require('fs');
const path = require('path');

const app = new Koa();
const router = new Router();
const EXPORT_DIR = '/var/app/exports';

router.get('/exports/:file', (ctx) => {
  ctx.type = 'text/csv';
  ctx.body = fs.createReadStream(EXPORT_DIR + '/' + ctx.params.file); // vuln: path
});

router.get('/v2/exports/:file', (ctx) => {
  const resolved = path.normalize(path.join(EXPORT_DIR, ctx.params.file));
  if (!resolved.startsWith(EXPORT_DIR + '/')) ctx.throw(400, 'bad file');
  ctx.type = 'text/csv';
  ctx.body = fs.createReadStream(resolved); // safe: path
});

app.use(router.routes());
module.exports = app;
