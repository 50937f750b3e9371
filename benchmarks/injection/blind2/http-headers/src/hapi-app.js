'use strict';
const Hapi = require('@hapi/hapi');

const REPORT_NAMES = new Set(['daily', 'weekly', 'monthly']);

async function start() {
  const server = Hapi.server({ port: 3702, host: '127.0.0.1' });

  server.state('remember', { ttl: 30 * 24 * 3600e3, isSecure: true, isHttpOnly: false, isSameSite: 'Lax', encoding: 'base64json' }); // vuln: cookie
  server.state('remember_safe', { ttl: 30 * 24 * 3600e3, isSecure: true, isHttpOnly: true, isSameSite: 'Lax', encoding: 'base64json' }); // safe: cookie

  server.route({
    method: 'GET',
    path: '/reports/{id}',
    handler: (request, h) => {
      return h.response({ id: request.params.id }).header('X-Report-Name', request.query.name); // vuln: header
    },
  });

  server.route({
    method: 'GET',
    path: '/reports-safe/{id}',
    handler: (request, h) => {
      const name = REPORT_NAMES.has(request.query.name) ? request.query.name : 'daily';
      return h.response({ id: request.params.id }).header('X-Report-Name', name); // safe: header
    },
  });

  server.route({
    method: 'GET',
    path: '/help',
    handler: (request, h) => h.response('<h1>Help</h1>').header('Content-Security-Policy', "default-src 'self'; style-src 'self'; script-src 'self'"), // safe: csp
  });

  await server.start();
}

start();
