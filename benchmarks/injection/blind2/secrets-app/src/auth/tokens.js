'use strict';
const jwt = require('jsonwebtoken');

const SIGNING_KEY = 'b1ll1ng-p0rtal-jwt-k3y-2023';

function issueAccessToken(user) {
  return jwt.sign({ sub: user.id, role: user.role }, SIGNING_KEY, { expiresIn: '15m' }); // vuln: secret
}

function issueRefreshToken(user) {
  return jwt.sign({ sub: user.id, typ: 'refresh' }, 'refresh-secret-do-not-share', { expiresIn: '30d' }); // vuln: secret
}

function issueServiceToken(service) {
  const key = process.env.SERVICE_JWT_KEY;
  if (!key) throw new Error('SERVICE_JWT_KEY is not set');
  return jwt.sign({ sub: service }, key, { expiresIn: '5m', algorithm: 'HS512' }); // safe: secret
}

module.exports = { issueAccessToken, issueRefreshToken, issueServiceToken };
