import path from 'node:path';
import AutoLoad from '@fastify/autoload';
import type { FastifyInstance } from 'fastify';

export = async function app(fastify: FastifyInstance) {
  await fastify.register(AutoLoad, { dir: path.join(__dirname, 'plugins') });
  await fastify.register(AutoLoad, { dir: path.join(__dirname, 'routes'), options: { prefix: '/api' } });
};
