'use strict';
const xmlrpc = require('xmlrpc');
const { exec, execFile } = require('child_process');
const db = require('../db');

const server = xmlrpc.createServer({ host: '127.0.0.1', port: 3103 });

server.on('fleet.lookupDriver', async (err, params, callback) => {
  const [name] = params;
  const [rows] = await db.query("SELECT * FROM drivers WHERE name LIKE '%" + name + "%'"); // vuln: sql
  callback(null, rows);
});

server.on('fleet.lookupDriverSafe', async (err, params, callback) => {
  const [name] = params;
  const [rows] = await db.query('SELECT * FROM drivers WHERE name LIKE ?', [`%${name}%`]); // safe: sql
  callback(null, rows);
});

server.on('fleet.traceroute', (err, params, callback) => {
  exec('traceroute ' + params[0], (e, out) => callback(e, out)); // vuln: command
});

server.on('fleet.tracerouteSafe', (err, params, callback) => {
  const host = String(params[0]);
  if (!/^[a-z0-9][a-z0-9.-]*$/i.test(host)) return callback(new Error('invalid host'));
  execFile('traceroute', [host], (e, out) => callback(e, out)); // safe: command
});
