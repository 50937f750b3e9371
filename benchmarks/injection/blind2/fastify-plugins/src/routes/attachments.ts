import type { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import path from 'node:path';

const ROOT = '/srv/ledger/attachments';

type Req = FastifyRequest<{ Params: { file: string } }>;

// Route options object exported as default and registered by the route loader.
export default {
  method: 'GET',
  url: '/attachments/:file',
  handler: async (request: Req, reply: FastifyReply) => {
    return reply.send(createReadStream(path.join(ROOT, request.params.file))); // vuln: path
  },
};

export const safeRoute = {
  method: 'GET',
  url: '/attachments-safe/:file',
  handler: async (request: Req, reply: FastifyReply) => {
    return reply.send(createReadStream(path.join(ROOT, path.basename(request.params.file)))); // safe: path
  },
};
