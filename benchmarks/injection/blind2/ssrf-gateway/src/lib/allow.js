'use strict';

const ALLOWED_HOSTS = new Set(['api.partner.example', 'status.partner.example', 'cdn.partner.example']);

/** Parse and check a URL against the partner allow-list; throws on anything else. */
function allowedUrl(raw) {
  const url = new URL(String(raw));
  if (url.protocol !== 'https:' || !ALLOWED_HOSTS.has(url.hostname)) {
    const err = new Error('destination not allowed');
    err.status = 400;
    throw err;
  }
  return url.toString();
}

module.exports = { allowedUrl, ALLOWED_HOSTS };
