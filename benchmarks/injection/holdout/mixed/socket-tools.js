const { Server } = require('socket.io');
const { exec, execFile } = require('child_process');

function attach(httpServer) {
  const io = new Server(httpServer);
  io.on('connection', (socket) => {
    socket.on('traceroute', (msg) => {
      exec('traceroute ' + msg.host, (err, out) => socket.emit('result', out)); // vuln: command
    });
    socket.on('traceroute-safe', (msg) => {
      execFile('traceroute', [String(msg.host)], (err, out) => socket.emit('result', out)); // safe: command
    });
  });
}

module.exports = { attach };
