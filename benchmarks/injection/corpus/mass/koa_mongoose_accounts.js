const Router = require('@koa/router');
const Account = require('./models/account');

const router = new Router();

router.post('/accounts', async (ctx) => {
  const account = new Account(ctx.request.body); // vuln: mass
  await account.save();
  ctx.body = account;
});

router.post('/accounts-safe', async (ctx) => {
  const { name, email } = ctx.request.body;
  const account = new Account({ name, email }); // safe: mass
  await account.save();
  ctx.body = account;
});

router.put('/accounts/:id', async (ctx) => {
  ctx.body = await Account.findByIdAndUpdate(ctx.params.id, ctx.request.body, { new: true }); // vuln: mass
});

router.put('/accounts-safe/:id', async (ctx) => {
  const { name } = ctx.request.body;
  ctx.body = await Account.findByIdAndUpdate(ctx.params.id, { name: String(name) }, { new: true }); // safe: mass
});

module.exports = router;
