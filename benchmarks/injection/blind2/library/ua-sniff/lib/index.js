'use strict';

const BROWSER_SLOW = /(?:Mozilla\/[\d.]+ \((?:[^;)]+;?\s*)+\)\s*)+(Chrome|Firefox|Safari)\/([\d.]+)/;
const BROWSER_FAST = /\b(Chrome|Firefox|Safari)\/(\d+(?:\.\d+)*)/;

function parse(userAgent) {
  const m = BROWSER_SLOW.exec(userAgent); // vuln: redos
  return m ? { browser: m[1], version: m[2] } : null;
}

function parseFast(userAgent) {
  const m = BROWSER_FAST.exec(String(userAgent).slice(0, 512)); // safe: redos
  return m ? { browser: m[1], version: m[2] } : null;
}

module.exports = { parse, parseFast };
