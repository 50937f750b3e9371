import Router from '@koa/router';
import fetch from 'node-fetch';
import got from 'got';

const router = new Router();

router.get('/preview', async (ctx) => {
  const { link } = ctx.query;
  const response = await fetch(link, { redirect: 'manual' }); // vuln: ssrf
  ctx.body = { status: response.status, type: response.headers.get('content-type') };
});

router.get('/preview-safe', async (ctx) => {
  const { id } = ctx.query;
  const response = await fetch(`https://links.example.com/v1/items/${encodeURIComponent(id)}`); // safe: ssrf
  ctx.body = { status: response.status };
});

router.post('/import', async (ctx) => {
  const source = ctx.request.body.source;
  const data = await got(source).json(); // vuln: ssrf
  ctx.body = { imported: data.length };
});

router.post('/import/feed', async (ctx) => {
  const feed = ctx.request.body.feed;
  const text = await got.get(`${feed}/rss.xml`).text(); // vuln: ssrf
  ctx.body = text.length;
});

export default router;
