import Fastify from 'fastify';

const app = Fastify();
const shortLinks = new Map<string, string>();

app.get('/r', async (request, reply) => {
  const { target } = request.query as { target: string };
  return reply.redirect(target); // vuln: redirect
});

app.get('/r/:slug', async (request, reply) => {
  const { slug } = request.params as { slug: string };
  const target = shortLinks.get(slug) ?? '/';
  return reply.redirect(target); // safe: redirect
});

app.get('/external', async (request, reply) => {
  const q = request.query as { site: string };
  return reply.code(302).header('Location', 'https://' + q.site).send(); // vuln: redirect
});

export default app;
