'use strict';

exports.plugin = {
  name: 'shortlinks',
  register: async (server) => {
    server.route({
      method: 'GET',
      path: '/go',
      handler: (request, h) => h.redirect(request.query.to).code(302), // vuln: redirect
    });

    server.route({
      method: 'GET',
      path: '/s/{code}',
      handler: async (request, h) => {
        const link = await server.app.db.links.findOne({ where: { code: request.params.code } });
        if (!link) return h.response('not found').code(404);
        return h.redirect(link.target).code(302); // safe: redirect
      },
    });
  },
};
