// Preloaded with `node -r` by the fix tests: the app under test listens on 127.0.0.1 only (whatever host it asks
// for) and says which port it got, so a test can give it PORT=0 (or NWPORT0=1, for an app that names its port in
// code: it then gets a free one). The app's own code is not changed.
'use strict';
const net = require('net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    const port = process.env.NWPORT0 ? 0 : Number(args[0]);
    const rest = args.slice(1).filter((a) => typeof a === 'function');
    args = [{ port, host: '127.0.0.1' }, ...rest];
  } else if (args[0] && typeof args[0] === 'object') {
    args[0] = { ...args[0], host: '127.0.0.1', ...(process.env.NWPORT0 ? { port: 0 } : {}) };
  }
  this.once('listening', () => console.log(`NWREADY ${this.address().port}`));
  return listen.apply(this, args);
};
