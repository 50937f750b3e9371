const fastify = require('fastify')();
const { request: undiciRequest } = require('undici');
const needle = require('needle');

fastify.get('/images/remote', async (req, reply) => {
  const { src } = req.query;
  const res = await fetch(src); // vuln: ssrf
  reply.type(res.headers.get('content-type'));
  return Buffer.from(await res.arrayBuffer());
});

fastify.get('/images/remote-safe', async (req, reply) => {
  const { src } = req.query;
  const url = new URL(src);
  if (url.protocol !== 'https:' || url.hostname !== 'images.example.com') {
    return reply.code(400).send();
  }
  const res = await fetch(url); // safe: ssrf
  return Buffer.from(await res.arrayBuffer());
});

fastify.get('/status', async (req) => {
  const { body } = await undiciRequest(`http://${req.query.service}:8080/health`); // vuln: ssrf
  return body.json();
});

module.exports = fastify;
