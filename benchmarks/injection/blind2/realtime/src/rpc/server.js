'use strict';
const jayson = require('jayson');
const { execFile, exec } = require('child_process');
const fs = require('fs');
const path = require('path');
const db = require('../db');

const LOG_ROOT = '/var/log/fleet';
const SERVICES = new Set(['nginx', 'fleet-agent', 'postgresql']);

// JSON-RPC 2.0 methods: params arrive as the first argument, the callback second.
const server = new jayson.Server({
  restartService(args, callback) {
    exec('systemctl restart ' + args.service, (err, stdout) => callback(err, stdout)); // vuln: command
  },

  restartServiceSafe(args, callback) {
    if (!SERVICES.has(args.service)) return callback({ code: 400, message: 'unknown service' });
    execFile('systemctl', ['restart', args.service], (err, stdout) => callback(err, stdout)); // safe: command
  },

  vehicle(args, callback) {
    db.query(`SELECT * FROM vehicles WHERE plate = '${args.plate}'`) // vuln: sql
      .then(([rows]) => callback(null, rows[0]), callback);
  },

  vehicleSafe(args, callback) {
    db.execute('SELECT * FROM vehicles WHERE plate = ?', [args.plate]) // safe: sql
      .then(([rows]) => callback(null, rows[0]), callback);
  },

  tailLog([name], callback) {
    fs.readFile(path.join(LOG_ROOT, name), 'utf8', callback); // vuln: path
  },

  tailLogSafe([name], callback) {
    const file = path.join(LOG_ROOT, path.basename(String(name)));
    fs.readFile(file, 'utf8', callback); // safe: path
  },
});

server.http().listen(3100);
