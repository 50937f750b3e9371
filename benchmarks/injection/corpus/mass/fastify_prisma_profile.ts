import Fastify from 'fastify';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = Fastify();

app.put('/profile/:id', async (request) => {
  const { id } = request.params as { id: string };
  return prisma.user.update({ where: { id: Number(id) }, data: request.body as any }); // vuln: mass
});

app.put('/profile-safe/:id', async (request) => {
  const { id } = request.params as { id: string };
  const { bio, website } = request.body as { bio: string; website: string };
  return prisma.user.update({ where: { id: Number(id) }, data: { bio, website } }); // safe: mass
});

app.post('/signup', async (request) => {
  return prisma.user.create({ data: { ...(request.body as object) } }); // vuln: mass
});

export default app;
