const Koa = require('koa');
const Router = require('@koa/router');
const axios = require('axios');
const { User } = require('./models');

const app = new Koa();
const router = new Router();

router.post('/signup', async (ctx) => {
  const { request: { body } } = ctx;
  ctx.body = await User.create({ ...body, role: 'member' }); // vuln: mass
});

router.post('/signup-safe', async (ctx) => {
  const { request: { body } } = ctx;
  ctx.body = await User.create({ email: String(body.email), name: String(body.name), role: 'member' }); // safe: mass
});

router.post('/webhook/register', async (ctx) => {
  const client = axios.create({ baseURL: ctx.request.body.base, timeout: 2000 }); // vuln: ssrf
  ctx.body = (await client.get('/ping')).status;
});

router.post('/webhook/register-safe', async (ctx) => {
  const client = axios.create({ baseURL: 'https://hooks.example.com', timeout: 2000 }); // safe: ssrf
  ctx.body = (await client.get(`/ping/${encodeURIComponent(ctx.request.body.id)}`)).status;
});

router.get('/split', async (ctx) => {
  ctx.body = String(ctx.state.text).split(new RegExp(ctx.query.sep)); // vuln: redos
});

router.get('/split-safe', async (ctx) => {
  ctx.body = String(ctx.state.text).split(String(ctx.query.sep)); // safe: redos
});

app.use(router.routes());
module.exports = app;
