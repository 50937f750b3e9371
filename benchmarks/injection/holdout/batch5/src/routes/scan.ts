import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runTool, runToolSafe } from '../lib/shell';
import { Client } from 'pg';

const pg = new Client();

export default async function scanRoutes(app: FastifyInstance) {
  app.post('/scan', async (request: FastifyRequest<{ Body: { target: string } }>) => {
    return runTool('nmap', request.body.target);
  });

  app.post('/scan-safe', async (request: FastifyRequest<{ Body: { target: string } }>) => {
    return runToolSafe('nmap', request.body.target);
  });

  app.get('/scans/:id', async (request) => {
    const { id } = request.params as { id: string };
    const res = await pg.query(`SELECT * FROM scans WHERE id = ${id}`); // vuln: sql
    return res.rows[0];
  });

  app.get('/scans-safe/:id', async (request) => {
    const { id } = request.params as { id: string };
    const res = await pg.query('SELECT * FROM scans WHERE id = $1', [id]); // safe: sql
    return res.rows[0];
  });

  app.get('/scans/:id/report', async (request, reply) => {
    const { id } = request.params as { id: string };
    const { format } = request.query as { format: string };
    return reply.sendFile(`reports/${id}.${format}`); // vuln: path
  });

  app.get('/scans-safe/:id/report', async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    return reply.sendFile(`reports/${id}.pdf`); // safe: path
  });
}
