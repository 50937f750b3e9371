'use strict';
const { EventEmitter } = require('events');
const { exec, execFile } = require('child_process');
const mongoose = require('mongoose');

const Item = mongoose.model('Item', new mongoose.Schema({ sku: String, owner: String }));
const queue = new EventEmitter();
const FORMATS = new Set(['csv', 'xlsx']);

queue.on('job', (job) => {
  if (job.kind === 'export') {
    exec(`/opt/wh/bin/export --format ${job.format} --out /tmp/${job.name}`); // vuln: command
  } else if (job.kind === 'export-safe') {
    if (FORMATS.has(job.format) && /^[\w-]+$/.test(job.name)) {
      execFile('/opt/wh/bin/export', ['--format', job.format, '--out', `/tmp/${job.name}`]); // safe: command
    }
  }
});

queue.on('job', async (job) => {
  if (job.kind === 'cleanup') {
    await Item.deleteMany({ owner: job.owner }); // vuln: nosql
  } else if (job.kind === 'cleanup-safe') {
    await Item.deleteMany({ owner: String(job.owner) }); // safe: nosql
  }
});

module.exports = queue;
