import Fastify from 'fastify';

const app = Fastify();

function compileRules(rules: string[]): RegExp[] {
  return rules.map((r) => new RegExp(r)); // vuln: redos
}

app.post('/spam-rules/test', async (request) => {
  const body = request.body as { rules: string[]; text: string };
  const compiled = compileRules(body.rules);
  return { spam: compiled.some((re) => re.test(body.text)) };
});

app.post('/spam-rules/test-safe', async (request) => {
  const body = request.body as { words: string[]; text: string };
  const lower = body.text.toLowerCase();
  return { spam: body.words.some((w) => lower.includes(String(w).toLowerCase())) }; // safe: redos
});

export default app;
