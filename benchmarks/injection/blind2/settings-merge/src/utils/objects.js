'use strict';

const isPlainObject = (v) => Object.prototype.toString.call(v) === '[object Object]';

// Deep merge used for PATCH /settings
function mergeDeep(target, source) {
  for (const key in source) {
    if (isPlainObject(source[key])) {
      target[key] = mergeDeep(target[key] || {}, source[key]); // vuln: prototype
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function mergeDeepGuarded(target, source) {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (isPlainObject(source[key])) {
      target[key] = mergeDeepGuarded(Object.hasOwn(target, key) ? target[key] : {}, source[key]); // safe: prototype
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

// set(obj, 'a.b.c', v) for the per-field settings editor
function setByPath(obj, path, value) {
  const parts = Array.isArray(path) ? path : String(path).split('.');
  let node = obj;
  while (parts.length > 1) {
    const part = parts.shift();
    node[part] = node[part] || {};
    node = node[part];
  }
  node[parts[0]] = value; // vuln: prototype
  return obj;
}

function setByPathGuarded(obj, path, value) {
  const parts = String(path).split('.');
  if (parts.some((p) => ['__proto__', 'prototype', 'constructor'].includes(p))) throw new Error('invalid path');
  let node = obj;
  while (parts.length > 1) {
    const part = parts.shift();
    if (!Object.hasOwn(node, part)) node[part] = Object.create(null);
    node = node[part];
  }
  node[parts[0]] = value; // safe: prototype
  return obj;
}

// Only used with our own defaults below: never receives request data.
function cloneDeep(value) {
  if (!isPlainObject(value)) return value;
  const out = {};
  for (const key in value) out[key] = cloneDeep(value[key]); // safe: prototype
  return out;
}

module.exports = { mergeDeep, mergeDeepGuarded, setByPath, setByPathGuarded, cloneDeep };
