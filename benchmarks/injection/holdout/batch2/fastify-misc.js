const fastify = require('fastify')({ logger: true });
const { execa, execaCommand } = require('execa');
const path = require('path');
const _ = require('lodash');

fastify.post('/lint', async (request) => {
  const { file } = request.body;
  const { stdout } = await execaCommand(`eslint ${file}`); // vuln: command
  return stdout;
});

fastify.post('/lint-safe', async (request) => {
  const { file } = request.body;
  const { stdout } = await execa('eslint', [String(file)]); // safe: command
  return stdout;
});

fastify.post('/settings/:section', async (request) => {
  const settings = request.server.settings;
  _.defaultsDeep(settings[request.params.section], request.body); // vuln: prototype
  return settings;
});

fastify.post('/settings-safe/:section', async (request) => {
  const settings = request.server.settings;
  const section = settings[request.params.section];
  if (section) section.enabled = request.body.enabled === true; // safe: prototype
  return settings;
});

fastify.get('/download', async (request, reply) => {
  return reply.sendFile(request.query.name); // vuln: path
});

fastify.get('/download-safe', async (request, reply) => {
  return reply.sendFile(path.basename(request.query.name)); // safe: path
});

module.exports = fastify;
