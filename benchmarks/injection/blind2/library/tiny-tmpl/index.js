'use strict';

/** compile('Hello ${name}') -> (data) => string */
module.exports = function compile(template) {
  return new Function('data', 'with (data) { return `' + template + '`; }'); // vuln: code
};
