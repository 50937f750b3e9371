const fastify = require('fastify')();
const fs = require('node:fs');
const path = require('node:path');

const LOG_DIR = '/var/log/app';
const LOG_FILES = ['access.log', 'error.log', 'audit.log'];

fastify.get('/logs', async (request, reply) => {
  const name = request.query.name;
  const content = fs.readFileSync(LOG_DIR + '/' + name, 'utf8'); // vuln: path
  return reply.type('text/plain').send(content);
});

fastify.get('/logs-safe', async (request, reply) => {
  const name = request.query.name;
  if (!LOG_FILES.includes(name)) return reply.code(400).send();
  const content = fs.readFileSync(LOG_DIR + '/' + name, 'utf8'); // safe: path
  return reply.type('text/plain').send(content);
});

fastify.post('/logs/rotate', async (request) => {
  const { from, to } = request.body;
  fs.renameSync(path.join(LOG_DIR, from), path.join(LOG_DIR, to)); // vuln: path
  return { ok: true };
});

module.exports = fastify;
