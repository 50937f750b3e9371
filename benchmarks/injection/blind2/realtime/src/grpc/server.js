'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const fs = require('fs');
const path = require('path');
const http = require('http');
const https = require('https');

const definition = protoLoader.loadSync(path.join(__dirname, '../../protos/files.proto'));
const { fleet } = grpc.loadPackageDefinition(definition);

const FIRMWARE_DIR = '/opt/fleet/firmware';
const MIRRORS = { eu: 'https://eu.mirror.example.net/fw', us: 'https://us.mirror.example.net/fw' };

function download(call, callback) {
  fs.readFile(FIRMWARE_DIR + '/' + call.request.name, (err, data) => callback(err, { data })); // vuln: path
}

function downloadSafe(call, callback) {
  const name = path.basename(call.request.name);
  fs.readFile(path.join(FIRMWARE_DIR, name), (err, data) => callback(err, { data })); // safe: path
}

function fetchRemote(call, callback) {
  http.get(call.request.url, (res) => { // vuln: ssrf
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => callback(null, { data: Buffer.concat(chunks) }));
  }).on('error', callback);
}

function fetchRemoteSafe(call, callback) {
  const base = MIRRORS[call.request.mirror];
  if (!base) return callback({ code: grpc.status.INVALID_ARGUMENT, message: 'unknown mirror' });
  https.get(`${base}/latest.bin`, (res) => { // safe: ssrf
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => callback(null, { data: Buffer.concat(chunks) }));
  }).on('error', callback);
}

const server = new grpc.Server();
server.addService(fleet.Files.service, {
  Download: download,
  DownloadSafe: downloadSafe,
  Fetch: fetchRemote,
  FetchSafe: fetchRemoteSafe,
});
server.bindAsync('127.0.0.1:50051', grpc.ServerCredentials.createInsecure(), () => {});
