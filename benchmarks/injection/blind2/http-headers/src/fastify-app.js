'use strict';
const crypto = require('crypto');
const fastify = require('fastify')({ logger: true });

const TYPES = { csv: 'text/csv', json: 'application/json' };
const ORIGINS = new Set(['https://app.example.com']);

fastify.register(require('@fastify/cookie'), { secret: process.env.COOKIE_SECRET });

fastify.addHook('onRequest', async (request, reply) => {
  if (request.url.startsWith('/v1/')) {
    reply.header('Access-Control-Allow-Origin', request.headers.origin); // vuln: cors
    reply.header('Access-Control-Allow-Credentials', 'true');
  } else if (ORIGINS.has(request.headers.origin)) {
    reply.header('Access-Control-Allow-Origin', request.headers.origin); // safe: cors
    reply.header('Access-Control-Allow-Credentials', 'true');
    reply.header('Vary', 'Origin');
  }
});

fastify.get('/export', async (request, reply) => {
  reply.header('Content-Type', request.query.type); // vuln: header
  return 'id,name\n';
});

fastify.get('/export-safe', async (request, reply) => {
  reply.header('Content-Type', TYPES[request.query.format] || 'text/plain'); // safe: header
  return 'id,name\n';
});

fastify.post('/session', async (request, reply) => {
  const sid = crypto.randomUUID();
  reply.setCookie('session', sid, { path: '/', httpOnly: false, secure: true, sameSite: 'lax', signed: true }); // vuln: cookie
  return { ok: true };
});

fastify.post('/session-safe', async (request, reply) => {
  const sid = crypto.randomUUID();
  reply.setCookie('session', sid, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', signed: true }); // safe: cookie
  return { ok: true };
});

fastify.get('/embed', async (request, reply) => {
  reply.header('Content-Security-Policy', "script-src * 'unsafe-inline'; frame-ancestors *"); // vuln: csp
  return 'ok';
});

fastify.listen({ port: 3701 });

fastify.get('/embed-safe', async (request, reply) => {
  reply.header('Content-Security-Policy', "script-src 'self'; frame-ancestors https://partner.example.com"); // safe: csp
  return 'ok';
});
