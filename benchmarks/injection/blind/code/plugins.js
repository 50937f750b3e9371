const Hapi = require('@hapi/hapi');
const path = require('path');

const PLUGINS = { csv: './exporters/csv', xlsx: './exporters/xlsx', pdf: './exporters/pdf' };

exports.register = (server) => {
  server.route({
    method: 'GET',
    path: '/export/{format}',
    handler: (request, h) => {
      const exporter = require(`./exporters/${request.params.format}`); // vuln: code
      return exporter.run(request.query);
    },
  });

  server.route({
    method: 'GET',
    path: '/v2/export/{format}',
    handler: (request, h) => {
      const modulePath = PLUGINS[request.params.format];
      if (!modulePath) return h.response({ error: 'unsupported' }).code(400);
      const exporter = require(modulePath); // safe: code
      return exporter.run(request.query);
    },
  });

  server.route({
    method: 'POST',
    path: '/scheduler/jobs',
    handler: (request) => {
      setTimeout(request.payload.callback, Number(request.payload.delay) || 0); // vuln: code
      return { scheduled: true };
    },
  });

  const JOBS = { cleanup: () => {}, reindex: () => {} };

  server.route({
    method: 'POST',
    path: '/v2/scheduler/jobs',
    handler: (request, h) => {
      const job = JOBS[request.payload.callback];
      if (typeof job !== 'function') return h.response({ error: 'unknown job' }).code(400);
      setTimeout(job, Number(request.payload.delay) || 0); // safe: code
      return { scheduled: true };
    },
  });
};
