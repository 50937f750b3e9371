const Fs = require('fs');
const Path = require('path');
const { spawn } = require('child_process');

const REPORTS = '/srv/reports';

module.exports = [
  {
    method: 'GET',
    path: '/reports/{name}',
    handler: (request, h) => h.file(Path.join(REPORTS, request.params.name)), // vuln: path
  },
  {
    method: 'GET',
    path: '/reports/raw/{name}',
    handler: (request) => Fs.readFileSync(Path.join(REPORTS, request.params.name)), // vuln: path
  },
  {
    method: 'GET',
    path: '/reports-safe/raw/{name}',
    handler: (request) => Fs.readFileSync(Path.join(REPORTS, Path.basename(request.params.name))), // safe: path
  },
  {
    method: 'POST',
    path: '/reports/render',
    handler: (request) => {
      const child = spawn('sh', ['-c', `render-report ${request.payload.template}`]); // vuln: command
      return new Promise((resolve) => child.on('close', resolve));
    },
  },
  {
    method: 'POST',
    path: '/reports/render-safe',
    handler: (request) => {
      const child = spawn('render-report', ['--template', String(request.payload.template)]); // safe: command
      return new Promise((resolve) => child.on('close', resolve));
    },
  },
];
