'use strict';
const fs = require('fs');
const path = require('path');
const fastify = require('fastify')();

const TRACKS = '/var/lib/fleet/tracks';

fastify.register(require('@fastify/websocket'));
fastify.register(async (app) => {
  app.get('/live', { websocket: true }, (socket, req) => {
    socket.on('message', (message) => {
      const { replay } = JSON.parse(message.toString());
      fs.createReadStream(path.join(TRACKS, replay)).on('data', (chunk) => socket.send(chunk)); // vuln: path
    });
  });

  app.get('/live-safe', { websocket: true }, (socket, req) => {
    socket.on('message', (message) => {
      const { replay } = JSON.parse(message.toString());
      if (!/^[\w-]+\.gpx$/.test(replay)) return socket.close(1008);
      fs.createReadStream(path.join(TRACKS, replay)).on('data', (chunk) => socket.send(chunk)); // safe: path
    });
  });
});

fastify.listen({ port: 3104 });
