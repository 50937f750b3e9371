const Router = require('@koa/router');
const _ = require('lodash');

const router = new Router();

router.get('/whois', async (ctx) => {
  ctx.body = require('child_process').execSync('whois ' + ctx.query.domain).toString(); // vuln: command
});

router.get('/whois-safe', async (ctx) => {
  const domain = String(ctx.query.domain);
  if (!/^[a-z0-9.-]+$/i.test(domain)) ctx.throw(400);
  ctx.body = require('child_process').execSync('whois ' + domain).toString(); // safe: command
});

router.get('/find', async (ctx) => {
  const Item = ctx.state.models.Item;
  ctx.body = await Item.find(JSON.parse(ctx.query.filter)); // vuln: nosql
});

router.get('/match', async (ctx) => {
  const re = new RegExp(`^${_.escapeRegExp(ctx.query.prefix)}`); // safe: redos
  ctx.body = ctx.state.names.filter((n) => re.test(n));
});

router.get('/oops', async (ctx) => {
  ctx.status = 404;
  ctx.type = 'html';
  ctx.body = `<p>No page named ${ctx.params.page || ctx.query.page}</p>`; // vuln: xss
});

module.exports = router;
