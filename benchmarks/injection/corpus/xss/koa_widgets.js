const Router = require('@koa/router');
const he = require('he');

const router = new Router();

function renderBanner(title) {
  return `<div class="banner"><h3>${title}</h3></div>`;
}

router.get('/widget/banner', async (ctx) => {
  ctx.type = 'html';
  ctx.body = renderBanner(ctx.query.title); // vuln: xss
});

router.get('/widget/banner-safe', async (ctx) => {
  ctx.type = 'html';
  ctx.body = renderBanner(he.encode(ctx.query.title || '')); // safe: xss
});

router.get('/widget/count', async (ctx) => {
  ctx.type = 'html';
  const count = Number(ctx.query.count);
  ctx.body = `<span class="count">${count}</span>`; // safe: xss
});

router.get('/widget/comment', async (ctx) => {
  ctx.body = '<blockquote>' + ctx.request.query.text + '</blockquote>'; // vuln: xss
});

module.exports = router;
