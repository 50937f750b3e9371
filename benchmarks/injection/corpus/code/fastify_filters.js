const Fastify = require('fastify');
const app = Fastify();

function buildPredicate(expr) {
  return eval('(item) => ' + expr); // vuln: code
}

app.post('/inventory/filter', async (request) => {
  const predicate = buildPredicate(request.body.filter);
  return request.server.inventory.filter(predicate);
});

const OPERATORS = {
  gt: (a, b) => a > b,
  lt: (a, b) => a < b,
  eq: (a, b) => a === b,
};

app.post('/inventory/filter-safe', async (request) => {
  const { field, op, value } = request.body;
  const compare = OPERATORS[op];
  if (!compare) return { error: 'bad operator' };
  return request.server.inventory.filter((item) => compare(item[field], value)); // safe: code
});

app.get('/debug/eval', async (request) => {
  const { js } = request.query;
  return { value: String(vm2Eval(js)) };
});

function vm2Eval(source) {
  return new Function(source)(); // vuln: code
}

module.exports = app;
