const childProcess = require('child_process');

module.exports = [
  {
    method: 'POST',
    path: '/print',
    handler: (request, h) => {
      const printer = request.payload.printer;
      const copies = request.payload.copies;
      childProcess.exec('lp -d ' + printer + ' -n ' + copies + ' /tmp/job.pdf'); // vuln: command
      return h.response({ queued: true }).code(202);
    },
  },
  {
    method: 'POST',
    path: '/print-safe',
    handler: (request, h) => {
      const printer = request.payload.printer;
      const copies = Number(request.payload.copies);
      childProcess.execFile('lp', ['-d', printer, '-n', String(copies), '/tmp/job.pdf']); // safe: command
      return h.response({ queued: true }).code(202);
    },
  },
];
