const express = require('express');
const vm = require('vm');
const { Parser } = require('expr-eval');

const app = express();
app.use(express.json());

const parser = new Parser();

app.post('/pricing/preview', (req, res) => {
  const { formula, basePrice } = req.body;
  const price = eval(formula.replace(/price/g, String(basePrice))); // vuln: code
  res.json({ price });
});

app.post('/v2/pricing/preview', (req, res) => {
  const { formula, basePrice } = req.body;
  const price = parser.parse(formula).evaluate({ price: Number(basePrice) }); // safe: code
  res.json({ price });
});

app.post('/reports/filter', (req, res) => {
  const predicate = new Function('row', `return (${req.body.where});`); // vuln: code
  res.json(loadRows().filter(predicate));
});

const OPS = { eq: (a, b) => a === b, gt: (a, b) => a > b, lt: (a, b) => a < b };

app.post('/v2/reports/filter', (req, res) => {
  const { field, op, value } = req.body;
  const test = OPS[op];
  if (!test) return res.status(400).json({ error: 'unknown operator' });
  const predicate = new Function('row', 'test', 'field', 'value', 'return test(row[field], value);'); // safe: code
  res.json(loadRows().filter((row) => predicate(row, test, field, value)));
});

app.post('/templates/render', (req, res) => {
  const sandbox = { data: req.body.data, out: '' };
  vm.runInNewContext(`out = \`${req.body.template}\``, sandbox, { timeout: 50 }); // vuln: code
  res.type('text/plain').send(sandbox.out);
});

app.post('/v2/templates/render', (req, res) => {
  const sandbox = { data: req.body.data, template: String(req.body.template), out: '' };
  vm.runInNewContext('out = template.replace(/\\{(\\w+)\\}/g, (m, k) => String(data[k] ?? ""))', sandbox, { timeout: 50 }); // safe: code
  res.type('text/plain').send(sandbox.out);
});

function loadRows() {
  return [{ id: 1, total: 10 }, { id: 2, total: 30 }];
}

module.exports = app;
