import Fastify from 'fastify';
import merge from 'deepmerge';
import { merge as lodashMerge, defaultsDeep } from 'lodash';

const app = Fastify();
const defaults = { retries: 3, backoff: { base: 100 } };

app.post('/jobs', async (request) => {
  const options = lodashMerge({}, defaults, request.body as object); // vuln: prototype
  return { options };
});

app.post('/jobs-defaults', async (request) => {
  const options = defaultsDeep({}, request.body, defaults); // vuln: prototype
  return { options };
});

app.post('/jobs-safe', async (request) => {
  const body = request.body as { retries?: number };
  const options = merge(defaults, { retries: Number(body.retries ?? 3) }); // safe: prototype
  return { options };
});

export default app;
