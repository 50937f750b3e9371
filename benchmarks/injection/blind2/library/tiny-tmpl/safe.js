'use strict';

/** compile('Hello ${name}') -> (data) => string; only plain property lookups are supported. */
module.exports = function compile(template) {
  const parts = String(template).split(/\$\{\s*([\w.]+)\s*\}/);
  return (data) =>
    parts
      .map((part, i) => (i % 2 === 0 ? part : part.split('.').reduce((o, k) => (o != null && Object.hasOwn(o, k) ? o[k] : ''), data))) // safe: code
      .join('');
};
