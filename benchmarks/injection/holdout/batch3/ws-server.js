const { WebSocketServer } = require('ws');
const fs = require('fs');
const vm = require('vm');

const wss = new WebSocketServer({ port: 8080 });

wss.on('connection', (ws) => {
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw);
    if (msg.type === 'read') {
      ws.send(fs.readFileSync('/srv/shared/' + msg.file, 'utf8')); // vuln: path
    } else if (msg.type === 'calc') {
      ws.send(String(vm.runInNewContext(msg.expr, {}))); // vuln: code
    } else if (msg.type === 'read-safe') {
      ws.send(fs.readFileSync('/srv/shared/' + require('path').basename(String(msg.file)), 'utf8')); // safe: path
    }
  });
});
