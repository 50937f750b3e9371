'use strict';
const ALLOWED_RETURN = new Set(['/dashboard', '/ledger', '/settings']);

module.exports = {
  routes: [
    {
      method: 'GET',
      url: '/login/done',
      handler(request, reply) {
        reply.redirect(request.query.returnTo); // vuln: redirect
      },
    },
    {
      method: 'GET',
      url: '/login/done-safe',
      handler(request, reply) {
        const target = ALLOWED_RETURN.has(request.query.returnTo) ? request.query.returnTo : '/dashboard';
        reply.redirect(target); // safe: redirect
      },
    },
  ],
  async register(fastify) {
    for (const route of module.exports.routes) fastify.route(route);
  },
};
