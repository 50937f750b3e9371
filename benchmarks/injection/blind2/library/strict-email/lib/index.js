'use strict';

const NESTED = /^([a-zA-Z0-9_.+-])+@(([a-zA-Z0-9-])+\.)+([a-zA-Z0-9]{2,10})+$/;
const LINEAR = /^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,10}$/;

function isEmail(address) {
  return NESTED.test(address); // vuln: redos
}

function isEmailSafe(address) {
  if (typeof address !== 'string' || address.length > 254) return false;
  return LINEAR.test(address); // safe: redos
}

/** Does the address belong to one of the domains, given as patterns like "*.example.com"? */
function inDomain(address, domainPattern) {
  const re = new RegExp('@' + domainPattern.replace('*', '.*') + '$');
  return re.test(address); // vuln: redos
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function inDomainSafe(address, domainPattern) {
  const re = new RegExp('@' + escapeRegExp(domainPattern).replace('\\*', '[^@]*') + '$');
  return re.test(address); // safe: redos
}

module.exports = { isEmail, isEmailSafe, inDomain, inDomainSafe };
