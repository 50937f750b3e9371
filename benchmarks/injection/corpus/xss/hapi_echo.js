const Hoek = require('@hapi/hoek');

module.exports = [
  {
    method: 'GET',
    path: '/echo',
    handler: (request, h) => h.response('<pre>' + request.query.text + '</pre>').type('text/html'), // vuln: xss
  },
  {
    method: 'GET',
    path: '/echo-safe',
    handler: (request, h) => h.response('<pre>' + Hoek.escapeHtml(request.query.text) + '</pre>').type('text/html'), // safe: xss
  },
];
