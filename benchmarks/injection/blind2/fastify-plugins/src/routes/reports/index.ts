import type { FastifyInstance } from 'fastify';
import { execFile, exec } from 'node:child_process';
import { promisify } from 'node:util';

const sh = promisify(exec);
const run = promisify(execFile);

export = async function reports(fastify: FastifyInstance) {
  fastify.get<{ Querystring: { year: string } }>('/archive', async (request) => {
    const { stdout } = await sh(`tar -tzf /srv/archive/ledger-${request.query.year}.tgz`); // vuln: command
    return stdout.split('\n');
  });

  fastify.get<{ Querystring: { year: string } }>('/archive-safe', async (request, reply) => {
    const year = Number.parseInt(request.query.year, 10);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return reply.code(400).send();
    const { stdout } = await run('tar', ['-tzf', `/srv/archive/ledger-${year}.tgz`]); // safe: command
    return stdout.split('\n');
  });

  fastify.get<{ Params: { account: string } }>('/:account/balance', async (request) => {
    const { rows } = await fastify.pg.query(`SELECT sum(amount) FROM entries WHERE account = '${request.params.account}'`); // vuln: sql
    return rows[0];
  });

  fastify.get<{ Params: { account: string } }>('/:account/balance-safe', async (request) => {
    const { rows } = await fastify.pg.query('SELECT sum(amount) FROM entries WHERE account = $1', [request.params.account]); // safe: sql
    return rows[0];
  });
};
