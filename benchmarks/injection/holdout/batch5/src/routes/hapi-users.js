const Boom = require('@hapi/boom');
const Bcrypt = require('bcrypt');

module.exports = {
  name: 'users',
  register: async (server) => {
    const { db } = server.app;

    server.route({
      method: 'POST',
      path: '/users/login',
      handler: async (request) => {
        const { username, password } = request.payload;
        const user = await db.collection('users').findOne({ username }); // vuln: nosql
        if (!user || !(await Bcrypt.compare(String(password), user.hash))) throw Boom.unauthorized();
        return { id: user._id };
      },
    });

    server.route({
      method: 'POST',
      path: '/users/login-safe',
      handler: async (request) => {
        const username = `${request.payload.username}`;
        const user = await db.collection('users').findOne({ username }); // safe: nosql
        if (!user) throw Boom.unauthorized();
        return { id: user._id };
      },
    });

    server.route({
      method: 'GET',
      path: '/users/{name}/card',
      handler: (request, h) => h.response(`<div class="card">${request.params.name}</div>`).type('text/html'), // vuln: xss
    });

    server.route({
      method: 'GET',
      path: '/users/{name}/card.json',
      handler: (request) => ({ name: request.params.name }), // safe: xss
    });

    server.route({
      method: 'GET',
      path: '/users/leave',
      handler: (request, h) => h.redirect(request.query.to), // vuln: redirect
    });
  },
};
