'use strict';
const { onRequest, onCall, HttpsError } = require('firebase-functions/v2/https');
const { exec, execFile } = require('child_process');
const axios = require('axios');

exports.resize = onRequest((req, res) => {
  exec(`convert /tmp/in.png -resize ${req.query.size} /tmp/out.png`, (err) => res.status(err ? 500 : 200).end()); // vuln: command
});

exports.resizeSafe = onRequest((req, res) => {
  const size = Number.parseInt(req.query.size, 10);
  if (!(size > 0 && size <= 4096)) return res.status(400).end();
  execFile('convert', ['/tmp/in.png', '-resize', `${size}x${size}`, '/tmp/out.png'], (err) => res.status(err ? 500 : 200).end()); // safe: command
});

exports.unfurl = onCall(async (request) => {
  const { data } = await axios.get(request.data.link, { timeout: 4000 }); // vuln: ssrf
  return { length: String(data).length };
});

exports.unfurlSafe = onCall(async (request) => {
  const link = new URL(request.data.link);
  if (link.protocol !== 'https:' || !['youtube.com', 'www.youtube.com', 'vimeo.com'].includes(link.hostname)) {
    throw new HttpsError('invalid-argument', 'unsupported link');
  }
  const { data } = await axios.get(`https://${link.hostname}/oembed`, { params: { url: link.toString() }, timeout: 4000 }); // safe: ssrf
  return { length: String(data).length };
});
