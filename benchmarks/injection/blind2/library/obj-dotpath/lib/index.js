'use strict';

/** set(obj, 'a.b.c', value) */
exports.set = function set(obj, dotted, value) {
  const keys = dotted.split('.');
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (cur[keys[i]] == null) cur[keys[i]] = {};
    cur = cur[keys[i]];
  }
  cur[keys[keys.length - 1]] = value; // vuln: prototype
  return obj;
};

/** setSafe(obj, 'a.b.c', value): own properties only, no prototype keys. */
exports.setSafe = function setSafe(obj, dotted, value) {
  const keys = dotted.split('.');
  if (keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) {
    throw new TypeError('unsafe key in path');
  }
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (!Object.prototype.hasOwnProperty.call(cur, keys[i])) cur[keys[i]] = {};
    cur = cur[keys[i]];
  }
  cur[keys[keys.length - 1]] = value; // safe: prototype
  return obj;
};
