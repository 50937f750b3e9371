const EMAIL = /^([a-zA-Z0-9_\.\-])+\@(([a-zA-Z0-9\-])+\.)+([a-zA-Z0-9]{2,4})+$/;

module.exports = [
  {
    method: 'GET',
    path: '/grep',
    handler: (request) => {
      const expr = new RegExp(request.query.expr, request.query.flags); // vuln: redos
      return request.server.app.lines.filter((l) => expr.test(l));
    },
  },
  {
    method: 'POST',
    path: '/subscribe',
    handler: (request) => ({ ok: EMAIL.test(String(request.payload.email).slice(0, 254)) }), // safe: redos
  },
];
