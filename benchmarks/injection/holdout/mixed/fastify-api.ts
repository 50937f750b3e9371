import Fastify from 'fastify';
import got from 'got';
import mysql from 'mysql2/promise';

const app = Fastify();
const conn = mysql.createPool({ uri: 'mysql://db/app' });

app.get<{ Querystring: { feed: string } }>('/feeds', async (req) => {
  const body = await got(req.query.feed).text(); // vuln: ssrf
  return { size: body.length };
});

app.get<{ Querystring: { id: string } }>('/feeds-safe', async (req) => {
  const body = await got(`https://feeds.example.com/${encodeURIComponent(req.query.id)}.xml`).text(); // safe: ssrf
  return { size: body.length };
});

app.delete<{ Params: { table: string; id: string } }>('/rows/:table/:id', async (req) => {
  await conn.query('DELETE FROM ' + req.params.table + ' WHERE id = ?', [req.params.id]); // vuln: sql
  return { ok: true };
});

const TABLES = new Set(['drafts', 'notes']);
app.delete<{ Params: { table: string; id: string } }>('/rows-safe/:table/:id', async (req, reply) => {
  if (!TABLES.has(req.params.table)) return reply.code(400).send();
  await conn.query('DELETE FROM ' + req.params.table + ' WHERE id = ?', [req.params.id]); // safe: sql
  return { ok: true };
});

app.get('/go', async (req, reply) => {
  const { to } = req.query as { to: string };
  reply.redirect(302, to); // vuln: redirect
});

app.post('/eval', async (req) => {
  const { code } = req.body as { code: string };
  return { value: new Function('return ' + code)() }; // vuln: code
});

export default app;
