const Koa = require('koa');
const Router = require('@koa/router');
const highlighter = require('./highlighter');

const app = new Koa();
const router = new Router();

router.get('/articles/:id', async (ctx) => {
  const article = await ctx.db.articles.findByPk(ctx.params.id);
  ctx.body = { ...article.toJSON(), body: highlighter.highlight(article.body, ctx.query.hl || '') };
});

router.get('/v2/articles/:id', async (ctx) => {
  const article = await ctx.db.articles.findByPk(ctx.params.id);
  ctx.body = { ...article.toJSON(), body: highlighter.highlightSafe(article.body, ctx.query.hl || '') };
});

app.use(router.routes());
module.exports = app;
