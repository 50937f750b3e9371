const fastify = require('fastify')();
const createDOMPurify = require('dompurify');
const { JSDOM } = require('jsdom');

const DOMPurify = createDOMPurify(new JSDOM('').window);

fastify.get('/widget', async (request, reply) => {
  reply.type('text/html').send(`<section data-user="${request.query.user}">${request.query.caption}</section>`); // vuln: xss
});

fastify.get('/v2/widget', async (request, reply) => {
  const caption = DOMPurify.sanitize(request.query.caption || '');
  reply.type('text/html').send(`<section>${caption}</section>`); // safe: xss
});

module.exports = fastify;
