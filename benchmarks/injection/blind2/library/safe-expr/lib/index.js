'use strict';
const vm = require('vm');

/** evaluate('price * qty > 100', { price: 3, qty: 50 }) */
function evaluate(expression, context = {}) {
  return vm.runInNewContext(expression, { ...context }, { timeout: 100 }); // vuln: code
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_]\w*)|(\*\*|[-+*/%()<>]=?|==|!=|&&|\|\|))/y;

/** Same language, evaluated by a tiny parser instead of JavaScript. */
function evaluateParsed(expression, context = {}) {
  const tokens = [];
  TOKEN.lastIndex = 0;
  let m;
  while (TOKEN.lastIndex < expression.length && (m = TOKEN.exec(expression))) {
    if (m[1]) tokens.push(Number(m[1]));
    else if (m[2]) tokens.push(Object.hasOwn(context, m[2]) ? Number(context[m[2]]) : NaN);
    else tokens.push(m[3]);
  }
  return reduce(tokens); // safe: code
}

function reduce(tokens) {
  // left-to-right evaluation of number (op number)*; parentheses are not supported in this version
  let acc = tokens[0];
  for (let i = 1; i < tokens.length; i += 2) {
    const b = tokens[i + 1];
    switch (tokens[i]) {
      case '+': acc += b; break;
      case '-': acc -= b; break;
      case '*': acc *= b; break;
      case '/': acc /= b; break;
      case '>': acc = acc > b; break;
      case '<': acc = acc < b; break;
      default: return NaN;
    }
  }
  return acc;
}

module.exports = { evaluate, evaluateParsed };
