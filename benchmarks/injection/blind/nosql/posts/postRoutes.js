const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const postRepository = require('./postRepository');

const app = new Koa();
const router = new Router();

router.get('/authors/:name/posts', async (ctx) => {
  ctx.body = await postRepository.byAuthor(ctx.params.name);
});

router.get('/v2/authors/:name/posts', async (ctx) => {
  ctx.body = await postRepository.byAuthorSafe(ctx.params.name);
});

router.put('/posts/tags', async (ctx) => {
  const { filter, tags } = ctx.request.body;
  ctx.body = await postRepository.updateTags(null, filter, tags);
});

router.put('/v2/posts/:id/tags', async (ctx) => {
  const { tags } = ctx.request.body;
  if (!Array.isArray(tags)) ctx.throw(400, 'tags must be an array');
  ctx.body = await postRepository.updateTagsSafe(ctx.params.id, tags);
});

app.use(bodyParser());
app.use(router.routes());
module.exports = app;
