const fastify = require('fastify')({ logger: true });
const { TemplateStore } = require('./templateStore');

const store = new TemplateStore();

fastify.get('/docs/:locale/:name', async (request) => {
  return store.load(request.params.locale, request.params.name);
});

fastify.get('/v2/docs/:locale/:name', async (request) => {
  return store.loadSafe(request.params.locale, request.params.name);
});

fastify.put('/docs/custom/:name', async (request, reply) => {
  await store.save(request.params.name, request.body.content);
  reply.code(204);
});

fastify.put('/v2/docs/custom/:name', async (request, reply) => {
  await store.saveSafe(request.params.name, request.body.content);
  reply.code(204);
});

module.exports = fastify;
