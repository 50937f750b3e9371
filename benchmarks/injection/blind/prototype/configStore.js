// Minimal dotted-path config store used by the admin API.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function setPath(target, dotted, value) {
  const keys = dotted.split('.');
  let node = target;
  for (let i = 0; i < keys.length - 1; i++) {
    if (node[keys[i]] === undefined) node[keys[i]] = {};
    node = node[keys[i]];
  }
  node[keys[keys.length - 1]] = value;
  return target;
}

function setPathSafe(target, dotted, value) {
  const keys = dotted.split('.');
  if (keys.some((k) => FORBIDDEN.has(k))) throw new Error('forbidden key');
  let node = target;
  for (let i = 0; i < keys.length - 1; i++) {
    if (node[keys[i]] === undefined) node[keys[i]] = {};
    node = node[keys[i]];
  }
  node[keys[keys.length - 1]] = value;
  return target;
}

module.exports = { setPath, setPathSafe };
