import express, { Request, Response } from 'express';
import { merge } from 'lodash';
import sanitizeHtml from 'sanitize-html';
import { Comment } from './models';

const app = express();
app.use(express.json());

app.post('/comments/preview', (req: Request, res: Response) => {
  const { body } = req.body as { body: string };
  res.send('<article class="comment">' + body + '</article>'); // vuln: xss
});

app.post('/comments/preview-safe', (req: Request, res: Response) => {
  const { body } = req.body as { body: string };
  res.send('<article class="comment">' + sanitizeHtml(body) + '</article>'); // safe: xss
});

app.post('/comments/:id/meta', async (req: Request, res: Response) => {
  const meta = JSON.parse(req.body.meta);
  const comment: any = { meta: {} };
  merge(comment.meta, meta); // vuln: prototype
  res.json(comment);
});

app.post('/comments/:id/meta-safe', async (req: Request, res: Response) => {
  const meta = JSON.parse(req.body.meta);
  const comment: any = { meta: { pinned: Boolean(meta.pinned) } }; // safe: prototype
  res.json(comment);
});

app.put('/comments/:id', async (req: Request, res: Response) => {
  const updated = await Comment.findByIdAndUpdate(req.params.id, { $set: req.body }); // vuln: mass
  res.json(updated);
});

app.put('/comments-safe/:id', async (req: Request, res: Response) => {
  const updated = await Comment.findByIdAndUpdate(req.params.id, { $set: { text: String(req.body.text) } }); // safe: mass
  res.json(updated);
});

app.get('/comments/find', async (req: Request, res: Response) => {
  const list = await Comment.find({ author: req.query.author }); // vuln: nosql
  res.json(list);
});

app.get('/comments/find-safe', async (req: Request, res: Response) => {
  const author = req.query.author;
  if (typeof author !== 'string') return res.status(400).end();
  res.json(await Comment.find({ author })); // safe: nosql
});

app.get('/comments/grep', (req: Request, res: Response) => {
  const text = String(req.app.locals.dump);
  res.json({ hits: text.match(new RegExp(String(req.query.q), 'g')) }); // vuln: redos
});

export default app;
