module.exports = [
  {
    method: 'GET',
    path: '/continue',
    handler: (request, h) => h.redirect(request.query.next), // vuln: redirect
  },
  {
    method: 'GET',
    path: '/continue-safe',
    handler: (request, h) => {
      const next = request.query.next;
      const safe = /^\/[a-z0-9/_-]*$/i.test(next) ? next : '/';
      return h.redirect(safe); // safe: redirect
    },
  },
];
