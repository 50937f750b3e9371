'use strict';
const { exec, execFile } = require('child_process');
const { promisify } = require('util');

const PRINTERS = ['dock-1', 'dock-2', 'office'];

class ShipmentService {
  constructor() {
    this.sh = promisify(exec);
    this.run = promisify(execFile);
  }

  async printLabel(id, printer) {
    return this.send(`/usr/bin/lp -d ${printer} /var/labels/${id}.pdf`);
  }

  send(commandLine) {
    return this.sh(commandLine); // vuln: command
  }

  async printLabelSafe(id, printer) {
    if (!PRINTERS.includes(printer) || !/^\d+$/.test(id)) throw new Error('bad request');
    return this.run('/usr/bin/lp', ['-d', printer, `/var/labels/${id}.pdf`]); // safe: command
  }
}

module.exports = { ShipmentService };
