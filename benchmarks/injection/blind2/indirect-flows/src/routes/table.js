'use strict';
const { findWhere, findBy } = require('../lib/db');
const { ShipmentService } = require('../services/shipments');

const shipments = new ShipmentService();

async function listBins(req, res) {
  res.json(await findWhere('bins', `zone = '${req.query.zone}'`));
}

async function listBinsSafe(req, res) {
  res.json(await findBy('bins', 'zone', String(req.query.zone)));
}

function label(req, res, next) {
  shipments.printLabel(req.params.id, req.query.printer).then((out) => res.send(out), next);
}

function labelSafe(req, res, next) {
  shipments.printLabelSafe(req.params.id, req.query.printer).then((out) => res.send(out), next);
}

module.exports = [
  { method: 'get', path: '/bins', handler: listBins },
  { method: 'get', path: '/bins-safe', handler: listBinsSafe },
  { method: 'post', path: '/shipments/:id/label', handler: label },
  { method: 'post', path: '/shipments/:id/label-safe', handler: labelSafe },
];
