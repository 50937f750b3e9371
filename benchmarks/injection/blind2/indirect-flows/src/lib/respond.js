'use strict';
const escapeHtml = require('escape-html');

// Callback used by many handlers to write the outcome.
function respond(res, err, body, kind) {
  if (err) return res.status(500).json({ error: 'failed' });
  if (kind === 'html') return res.type('html').send(body); // vuln: xss
  return res.type('text').send(body);
}

function respondEscaped(res, body) {
  return res.type('html').send(`<p>${escapeHtml(body)}</p>`); // safe: xss
}

module.exports = { respond, respondEscaped };
