const Router = require('@koa/router');
const path = require('path');

const router = new Router();
const PLUGINS = { csv: './plugins/csv', xml: './plugins/xml', json: './plugins/json' };

router.get('/export/:format', async (ctx) => {
  const format = ctx.params.format;
  const exporter = require('./plugins/' + format); // vuln: code
  ctx.body = exporter.render(ctx.state.rows);
});

router.get('/export-safe/:format', async (ctx) => {
  const modulePath = PLUGINS[ctx.params.format];
  if (!modulePath) ctx.throw(400, 'unknown format');
  const exporter = require(modulePath); // safe: code
  ctx.body = exporter.render(ctx.state.rows);
});

router.post('/template/preview', async (ctx) => {
  const { template, data } = ctx.request.body;
  const render = Function('data', 'return `' + template + '`'); // vuln: code
  ctx.body = render(data);
});

module.exports = router;
