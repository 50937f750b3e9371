const express = require('express');
const vm = require('vm');

const app = express();
app.use(express.json());

app.post('/calc', (req, res) => {
  const expression = req.body.expression;
  const result = eval(expression); // vuln: code
  res.json({ result });
});

app.post('/calc-safe', (req, res) => {
  const a = Number(req.body.a);
  const b = Number(req.body.b);
  const result = eval(`${a} + ${b}`); // safe: code
  res.json({ result });
});

app.post('/rules/evaluate', (req, res) => {
  const { condition, context } = req.body;
  const check = new Function('ctx', `return (${condition});`); // vuln: code
  res.json({ matched: Boolean(check(context)) });
});

app.post('/rules/evaluate-safe', (req, res) => {
  const { field, value, context } = req.body;
  const check = (ctx) => ctx[field] === value;
  res.json({ matched: check(context) }); // safe: code
});

app.post('/sandbox', (req, res) => {
  const sandbox = { result: null };
  vm.runInNewContext(req.body.script, sandbox, { timeout: 50 }); // vuln: code
  res.json(sandbox);
});

app.post('/sandbox-safe', (req, res) => {
  const sandbox = { input: req.body.script, result: null };
  vm.runInNewContext('result = input.length', sandbox, { timeout: 50 }); // safe: code
  res.json(sandbox);
});

app.get('/schedule', (req, res) => {
  const action = req.query.action;
  setTimeout('notify("' + action + '")', 1000); // vuln: code
  res.sendStatus(202);
});

app.get('/schedule-safe', (req, res) => {
  const action = req.query.action;
  setTimeout(() => notify(action), 1000); // safe: code
  res.sendStatus(202);
});

function notify(action) {
  return action;
}

module.exports = app;
