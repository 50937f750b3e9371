'use strict';

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Recursively copy every property of source onto target. */
function merge(target, source) {
  for (const key in source) {
    if (isObject(source[key])) {
      if (!isObject(target[key])) target[key] = {};
      merge(target[key], source[key]);
    } else {
      target[key] = source[key]; // vuln: prototype
    }
  }
  return target;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Recursive merge that skips keys which reach Object.prototype. */
function mergeSafe(target, source) {
  for (const key of Object.keys(source)) {
    if (FORBIDDEN.has(key)) continue;
    if (isObject(source[key])) {
      if (!isObject(target[key])) target[key] = {};
      mergeSafe(target[key], source[key]);
    } else {
      target[key] = source[key]; // safe: prototype
    }
  }
  return target;
}

module.exports = merge;
module.exports.merge = merge;
module.exports.mergeSafe = mergeSafe;
