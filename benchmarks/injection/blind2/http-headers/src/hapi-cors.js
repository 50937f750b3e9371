'use strict';
const Hapi = require('@hapi/hapi');

async function start() {
  const server = Hapi.server({ port: 3705 });

  server.route({
    method: 'GET',
    path: '/account',
    options: { cors: { origin: ['*'], credentials: true } }, // vuln: cors
    handler: (request) => ({ user: request.auth.credentials }),
  });

  server.route({
    method: 'GET',
    path: '/account-safe',
    options: { cors: { origin: ['https://app.example.com'], credentials: true } }, // safe: cors
    handler: (request) => ({ user: request.auth.credentials }),
  });

  server.route({
    method: 'GET',
    path: '/diag',
    handler: (request, h) => h.response(process.env), // vuln: exposure
  });

  server.route({
    method: 'GET',
    path: '/diag-safe',
    handler: (request, h) => h.response({ uptime: process.uptime(), pid: process.pid }), // safe: exposure
  });

  await server.start();
}

start();
