exports.plugin = {
  name: 'jsonp',
  register(server) {
    server.route({
      method: 'GET',
      path: '/config.js',
      handler(request, h) {
        const parsed = JSON.parse(request.query.overrides || '{}');
        const code = 'module.exports = ' + parsed.expression;
        return eval(code); // vuln: code
      },
    });
    server.route({
      method: 'GET',
      path: '/config-safe.js',
      handler(request, h) {
        const parsed = JSON.parse(request.query.overrides || '{}');
        return { overrides: parsed }; // safe: code
      },
    });
  },
};
