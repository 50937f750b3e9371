const Router = require('@koa/router');
const { execSync } = require('child_process');
const validator = require('validator');
const axios = require('axios');

const router = new Router();

router.post('/admin/restart/:service', async (ctx) => {
  const service = ctx.params.service;
  execSync(`systemctl restart ${service}`); // vuln: command
  ctx.status = 204;
});

router.post('/admin/restart-safe/:service', async (ctx) => {
  const service = ctx.params.service;
  if (!validator.isAlphanumeric(service)) ctx.throw(400);
  execSync(`systemctl restart ${service}`); // safe: command
  ctx.status = 204;
});

router.get('/admin/check', async (ctx) => {
  const { data } = await axios.get(ctx.request.query.endpoint + '/health'); // vuln: ssrf
  ctx.body = data;
});

router.get('/admin/check-safe', async (ctx) => {
  const { data } = await axios.get('http://status.internal/health', { params: { service: ctx.request.query.endpoint } }); // safe: ssrf
  ctx.body = data;
});

router.get('/admin/back', async (ctx) => {
  ctx.redirect(ctx.get('Referer') || '/admin'); // vuln: redirect
});

router.get('/admin/back-safe', async (ctx) => {
  ctx.redirect('/admin'); // safe: redirect
});

module.exports = router;
