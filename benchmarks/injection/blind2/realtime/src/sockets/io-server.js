'use strict';
const { createServer } = require('http');
const { Server } = require('socket.io');
const vm = require('vm');

const httpServer = createServer();
const io = new Server(httpServer, { cors: { origin: ['https://dispatch.example.com'] } });

const OPERATORS = { add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b };

io.on('connection', (socket) => {
  // Dispatchers type formulas for route cost estimates.
  socket.on('estimate', (payload, ack) => {
    const result = eval(payload.formula); // vuln: code
    ack({ result });
  });

  socket.on('estimateSafe', (payload, ack) => {
    const op = OPERATORS[payload.op];
    if (typeof op !== 'function' || !Object.hasOwn(OPERATORS, payload.op)) return ack({ error: 'unknown op' });
    const result = op(Number(payload.a), Number(payload.b)); // safe: code
    ack({ result });
  });

  socket.on('filter', (payload, ack) => {
    const ctx = vm.createContext({ vehicles: payload.vehicles || [] });
    ack(vm.runInContext(`vehicles.filter(v => ${payload.predicate})`, ctx)); // vuln: code
  });

  socket.on('filterByStatus', (payload, ack) => {
    const ctx = vm.createContext({ vehicles: payload.vehicles || [], status: String(payload.status) });
    ack(vm.runInContext('vehicles.filter(v => v.status === status)', ctx)); // safe: code
  });

  socket.on('join', (room) => {
    socket.join(`fleet:${room}`);
  });
});

httpServer.listen(3102);
