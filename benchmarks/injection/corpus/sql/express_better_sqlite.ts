import express, { Request, Response } from 'express';
import Database from 'better-sqlite3';

const db = new Database('app.db');
export const router = express.Router();

function buildFilter(filters: Record<string, string>): string {
  return Object.entries(filters)
    .map(([k, v]) => `${k} = '${v}'`)
    .join(' AND ');
}

router.get('/notes', (req: Request, res: Response) => {
  const where = buildFilter(req.query as Record<string, string>);
  const rows = db.prepare(`SELECT * FROM notes WHERE ${where}`).all(); // vuln: sql
  res.json(rows);
});

router.get('/notes/by-tag', (req: Request, res: Response) => {
  const tag = req.query.tag as string;
  const rows = db.prepare('SELECT * FROM notes WHERE tag = ?').all(tag); // safe: sql
  res.json(rows);
});

router.get('/notes/by-owner', (req: Request, res: Response) => {
  const owner = req.query.owner as string;
  const rows = db.prepare("SELECT * FROM notes WHERE owner = '" + owner + "'").all(); // vuln: sql
  res.json(rows);
});

router.post('/notes', (req: Request, res: Response) => {
  const { title, body } = req.body;
  db.exec(`INSERT INTO notes (title, body) VALUES ('${title}', '${body}')`); // vuln: sql
  res.status(201).end();
});

router.post('/notes-safe', (req: Request, res: Response) => {
  const { title, body } = req.body;
  db.prepare('INSERT INTO notes (title, body) VALUES (@title, @body)').run({ title, body }); // safe: sql
  res.status(201).end();
});
