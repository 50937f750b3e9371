import Fastify from 'fastify';
import escape from 'escape-html';

const app = Fastify();

app.get('/greet', async (request, reply) => {
  const { who } = request.query as { who: string };
  reply.type('text/html');
  return reply.send(`<main>Welcome back, ${who}!</main>`); // vuln: xss
});

app.get('/greet-safe', async (request, reply) => {
  const { who } = request.query as { who: string };
  reply.type('text/html');
  return reply.send(`<main>Welcome back, ${escape(who)}!</main>`); // safe: xss
});

app.get('/greet-api', async (request, reply) => {
  const { who } = request.query as { who: string };
  return reply.send({ message: `Welcome back, ${who}` }); // safe: xss
});

export default app;
