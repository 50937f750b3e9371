const Router = require('@koa/router');
const fetch = require('node-fetch');

const router = new Router();

router.get('/geo', async (ctx) => {
  const res = await fetch('https://geo.example.com/lookup?q=' + encodeURIComponent(ctx.query.address)); // vuln: validation
  ctx.body = await res.json();
});

router.get('/v2/geo', async (ctx) => {
  const address = ctx.query.address;
  if (typeof address !== 'string' || address.length > 200) ctx.throw(400);
  const res = await fetch('https://geo.example.com/lookup?q=' + encodeURIComponent(address)); // safe: validation
  ctx.body = await res.json();
});

module.exports = router;
