'use strict';
const { execSync, spawnSync } = require('child_process');

const PRESETS = { '720p': ['-vf', 'scale=-2:720'], '1080p': ['-vf', 'scale=-2:1080'] };

module.exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  execSync(`ffmpeg -i /tmp/${body.key} -preset ${body.preset} /tmp/out.mp4`); // vuln: command
  return { statusCode: 202 };
};

module.exports.safeHandler = async (event) => {
  const body = JSON.parse(event.body);
  const preset = PRESETS[body.preset];
  if (!preset || !/^[\w-]+\.mp4$/.test(body.key)) return { statusCode: 400 };
  spawnSync('ffmpeg', ['-i', `/tmp/${body.key}`, ...preset, '/tmp/out.mp4']); // safe: command
  return { statusCode: 202 };
};
