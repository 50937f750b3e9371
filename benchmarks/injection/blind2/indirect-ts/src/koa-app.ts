import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import sqlite3 from 'sqlite3';
import { EventEmitter } from 'node:events';

const db = new sqlite3.Database('tickets.db');
const bus = new EventEmitter();
const app = new Koa();
const router = new Router();

app.use(async (ctx, next) => {
  ctx.state.project = ctx.get('x-project') || 'default';
  await next();
});

router.get('/boards', async (ctx) => {
  ctx.body = await new Promise((resolve, reject) =>
    db.all(`SELECT * FROM boards WHERE project = '${ctx.state.project}'`, (err, rows) => (err ? reject(err) : resolve(rows))), // vuln: sql
  );
});

router.get('/boards-safe', async (ctx) => {
  ctx.body = await new Promise((resolve, reject) =>
    db.all('SELECT * FROM boards WHERE project = ?', [ctx.state.project], (err, rows) => (err ? reject(err) : resolve(rows))), // safe: sql
  );
});

bus.on('comment', (comment: { ticket: string; body: string }) => {
  db.run(`INSERT INTO comments (ticket, body) VALUES (${comment.ticket}, '${comment.body}')`); // vuln: sql
});

bus.on('comment-safe', (comment: { ticket: string; body: string }) => {
  db.run('INSERT INTO comments (ticket, body) VALUES (?, ?)', [comment.ticket, comment.body]); // safe: sql
});

router.post('/comments', bodyParser(), async (ctx) => {
  bus.emit(ctx.query.safe ? 'comment-safe' : 'comment', (ctx.request as any).body);
  ctx.status = 202;
});

app.use(router.routes());
app.listen(3011);
