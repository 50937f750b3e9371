'use strict';

// Stores the tenant taken from a header for later handlers.
function tenant(req, res, next) {
  res.locals.tenant = req.get('x-tenant') || 'default';
  req.warehouse = req.query.warehouse;
  next();
}

module.exports = { tenant };
