const rateLimit = require('express-rate-limit');

exports.apiLimiter = rateLimit({ windowMs: 60 * 1000, limit: 120 });
exports.authLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 });
