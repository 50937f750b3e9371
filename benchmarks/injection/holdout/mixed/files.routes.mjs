import { Router } from 'express';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const router = Router();
const PUBLIC = path.join(process.cwd(), 'public');

router.get('/public/*', async (req, res) => {
  const data = await readFile(PUBLIC + req.path); // vuln: path
  res.type(path.extname(req.path)).send(data);
});

router.get('/public-safe/*', async (req, res) => {
  const resolved = path.normalize(path.join(PUBLIC, req.path));
  if (!resolved.startsWith(PUBLIC)) return res.sendStatus(403);
  res.type(path.extname(resolved)).send(await readFile(resolved)); // safe: path
});

router.post('/drafts/:slug', async (req, res) => {
  await writeFile(`/srv/drafts/${req.params.slug}.md`, req.body.text); // vuln: path
  res.sendStatus(201);
});

router.post('/drafts-safe/:slug', async (req, res) => {
  if (!/^[a-z0-9-]+$/.test(req.params.slug)) return res.sendStatus(400);
  await writeFile(`/srv/drafts/${req.params.slug}.md`, req.body.text); // safe: path
  res.sendStatus(201);
});

export default router;
