// Preloaded with `node -r` by the fix tests: the app under test listens on 127.0.0.1 only (whatever host it asks
// for) and says which port it got, so a test can give it PORT=0. The app's own code is not changed.
'use strict';
const net = require('net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    const port = Number(args[0]);
    const rest = args.slice(1).filter((a) => typeof a === 'function');
    args = [{ port, host: '127.0.0.1' }, ...rest];
  } else if (args[0] && typeof args[0] === 'object') {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  this.once('listening', () => console.log(`NWREADY ${this.address().port}`));
  return listen.apply(this, args);
};
