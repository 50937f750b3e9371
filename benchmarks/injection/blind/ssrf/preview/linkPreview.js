const axios = require('axios');
const { URL } = require('url');

const ALLOWED_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'vimeo.com', 'github.com']);

async function fetchPreview(url) {
  const { data } = await axios.get(url, { timeout: 3000, maxContentLength: 512 * 1024 }); // vuln: ssrf
  return extractMeta(data);
}

async function fetchPreviewSafe(url) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || !ALLOWED_HOSTS.has(parsed.hostname)) {
    throw new Error('host not allowed');
  }
  const { data } = await axios.get(parsed.href, { timeout: 3000, maxContentLength: 512 * 1024 }); // safe: ssrf
  return extractMeta(data);
}

function extractMeta(html) {
  const title = /<title>([^<]*)<\/title>/i.exec(html);
  return { title: title ? title[1] : null };
}

module.exports = { fetchPreview, fetchPreviewSafe };
