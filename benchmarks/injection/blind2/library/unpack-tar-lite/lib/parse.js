'use strict';

/** Yield { name, data } for each regular file in a ustar buffer. */
function* entries(buffer) {
  let offset = 0;
  while (offset + 512 <= buffer.length) {
    const header = buffer.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return;
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/, '');
    const prefix = header.toString('utf8', 345, 500).replace(/\0.*$/, '');
    const size = parseInt(header.toString('utf8', 124, 136).trim(), 8) || 0;
    const type = String.fromCharCode(header[156]);
    offset += 512;
    if (type === '0' || type === '\0') {
      yield { name: prefix ? `${prefix}/${name}` : name, data: buffer.subarray(offset, offset + size) };
    }
    offset += Math.ceil(size / 512) * 512;
  }
}

module.exports = { entries };
