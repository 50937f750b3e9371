function keysOf(name) {
  const keys = [];
  const re = /([^[\]]+)|\[([^[\]]*)\]/g;
  let m;
  while ((m = re.exec(name))) keys.push(m[1] ?? m[2]);
  return keys;
}

/** parse('user[name]=ada&user[roles][]=admin') */
export function parse(query) {
  const out = {};
  for (const pair of String(query).split('&')) {
    if (!pair) continue;
    const [rawKey, rawValue = ''] = pair.split('=');
    const keys = keysOf(decodeURIComponent(rawKey));
    let node = out;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = decodeURIComponent(rawValue); // vuln: prototype
      } else {
        node[key] = node[key] || {};
        node = node[key];
      }
    });
  }
  return out;
}

const BLOCKED = new Set(['__proto__', 'constructor', 'prototype']);

/** parseSafe: same result shape, objects without prototypes, dangerous keys dropped. */
export function parseSafe(query) {
  const out = Object.create(null);
  for (const pair of String(query).split('&')) {
    if (!pair) continue;
    const [rawKey, rawValue = ''] = pair.split('=');
    const keys = keysOf(decodeURIComponent(rawKey));
    if (keys.some((k) => BLOCKED.has(k))) continue;
    let node = out;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = decodeURIComponent(rawValue); // safe: prototype
      } else {
        node[key] = node[key] || Object.create(null);
        node = node[key];
      }
    });
  }
  return out;
}
