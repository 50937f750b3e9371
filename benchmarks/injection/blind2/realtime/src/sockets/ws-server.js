'use strict';
const { WebSocketServer } = require('ws');
const db = require('../db');

const wss = new WebSocketServer({ port: 3101 });

wss.on('connection', (socket) => {
  socket.on('message', async (raw) => {
    const msg = JSON.parse(raw.toString());
    if (msg.type === 'track') {
      const sql = "SELECT lat, lng FROM positions WHERE vehicle_id = '" + msg.vehicleId + "' ORDER BY ts DESC LIMIT 1";
      const [rows] = await db.query(sql); // vuln: sql
      socket.send(JSON.stringify(rows[0] || null));
    } else if (msg.type === 'trackSafe') {
      const sql = 'SELECT lat, lng FROM positions WHERE vehicle_id = ? ORDER BY ts DESC LIMIT 1';
      const [rows] = await db.query(sql, [msg.vehicleId]); // safe: sql
      socket.send(JSON.stringify(rows[0] || null));
    }
  });
});
