const Router = require('@koa/router');
const router = new Router();

const TRUSTED_RETURN_URLS = ['https://app.example.com/', 'https://admin.example.com/'];

router.get('/sso/callback', async (ctx) => {
  const state = JSON.parse(Buffer.from(ctx.query.state, 'base64').toString());
  ctx.redirect(state.returnUrl); // vuln: redirect
});

router.get('/sso/callback-safe', async (ctx) => {
  const state = JSON.parse(Buffer.from(ctx.query.state, 'base64').toString());
  if (!TRUSTED_RETURN_URLS.includes(state.returnUrl)) {
    ctx.throw(400, 'untrusted return url');
  }
  ctx.redirect(state.returnUrl); // safe: redirect
});

router.get('/go', async (ctx) => {
  ctx.status = 301;
  ctx.set('Location', ctx.query.to); // vuln: redirect
});

router.get('/go-safe', async (ctx) => {
  ctx.status = 301;
  ctx.set('Location', '/dashboard?from=' + encodeURIComponent(ctx.query.to)); // safe: redirect
});

module.exports = router;
