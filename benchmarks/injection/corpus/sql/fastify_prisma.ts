import Fastify, { FastifyRequest } from 'fastify';
import { PrismaClient, Prisma } from '@prisma/client';

const prisma = new PrismaClient();
const app = Fastify({ logger: true });

type ReportQuery = { table: string; tenant: string };

app.get('/reports', async (request: FastifyRequest<{ Querystring: ReportQuery }>, reply) => {
  const { tenant } = request.query;
  const rows = await prisma.$queryRawUnsafe(`SELECT * FROM reports WHERE tenant = '${tenant}'`); // vuln: sql
  return reply.send(rows);
});

app.get('/reports-safe', async (request: FastifyRequest<{ Querystring: ReportQuery }>, reply) => {
  const { tenant } = request.query;
  const rows = await prisma.$queryRaw`SELECT * FROM reports WHERE tenant = ${tenant}`; // safe: sql
  return reply.send(rows);
});

app.post('/reports/archive', async (request, reply) => {
  const body = request.body as { before: string };
  const count = await prisma.$executeRawUnsafe(
    "UPDATE reports SET archived = true WHERE created_at < '" + body.before + "'" // vuln: sql
  );
  return { count };
});

app.post('/reports/archive-safe', async (request, reply) => {
  const body = request.body as { before: string };
  const count = await prisma.$executeRawUnsafe(
    'UPDATE reports SET archived = true WHERE created_at < $1', // safe: sql
    body.before
  );
  return { count };
});

app.get('/reports/:id', async (request, reply) => {
  const params = request.params as { id: string };
  const report = await prisma.report.findUnique({ where: { id: Number(params.id) } }); // safe: sql
  return report ?? reply.code(404).send();
});

export default app;
