const Router = require('@koa/router');

const router = new Router();
const TRUSTED = ['app.example.com', 'admin.example.com'];

router.get('/oauth/callback', async (ctx) => {
  const state = JSON.parse(Buffer.from(ctx.query.state, 'base64url').toString());
  await ctx.state.oauth.exchange(ctx.query.code);
  ctx.redirect(state.returnUrl); // vuln: redirect
});

router.get('/v2/oauth/callback', async (ctx) => {
  const state = JSON.parse(Buffer.from(ctx.query.state, 'base64url').toString());
  await ctx.state.oauth.exchange(ctx.query.code);
  let target = '/';
  try {
    const url = new URL(state.returnUrl);
    if (url.protocol === 'https:' && TRUSTED.includes(url.hostname)) target = url.href;
  } catch {
    target = '/';
  }
  ctx.redirect(target); // safe: redirect
});

module.exports = router;
