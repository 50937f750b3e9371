const Router = require('@koa/router');
const router = new Router();

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

router.get('/contacts', async (ctx) => {
  const q = ctx.query.q;
  const matcher = new RegExp(q, 'i'); // vuln: redos
  ctx.body = ctx.state.contacts.filter((c) => matcher.test(c.name));
});

router.get('/contacts-safe', async (ctx) => {
  const q = ctx.query.q;
  const matcher = new RegExp(escapeRegex(q), 'i'); // safe: redos
  ctx.body = ctx.state.contacts.filter((c) => matcher.test(c.name));
});

module.exports = router;
