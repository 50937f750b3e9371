import Koa from 'koa';
import Router from '@koa/router';
import { spawn } from 'child_process';
import { Sequelize } from 'sequelize';
import escapeHtml from 'escape-html';

const sequelize = new Sequelize('postgres://localhost/app');
const router = new Router();

router.get('/dns/:name', async (ctx) => {
  const child = spawn('nslookup', [ctx.params.name], { shell: '/bin/bash' }); // vuln: command
  ctx.body = child.pid;
});

router.get('/dns-safe/:name', async (ctx) => {
  const child = spawn('nslookup', [ctx.params.name]); // safe: command
  ctx.body = child.pid;
});

router.get('/tags', async (ctx) => {
  const tag = ctx.query.tag as string;
  ctx.body = await sequelize.query(`SELECT * FROM tags WHERE name LIKE '${tag}%'`); // vuln: sql
});

router.get('/tags-safe', async (ctx) => {
  const tag = ctx.query.tag as string;
  ctx.body = await sequelize.query('SELECT * FROM tags WHERE name LIKE :tag', { replacements: { tag: `${tag}%` } }); // safe: sql
});

router.get('/welcome', async (ctx) => {
  ctx.type = 'text/html';
  ctx.body = `<h1>Welcome ${ctx.cookies.get('name')}</h1>`; // vuln: xss
});

router.get('/welcome-safe', async (ctx) => {
  ctx.type = 'text/html';
  ctx.body = `<h1>Welcome ${escapeHtml(ctx.cookies.get('name') || '')}</h1>`; // safe: xss
});

router.get('/next', async (ctx) => {
  const target = ctx.request.query.next as string;
  ctx.redirect(target || '/'); // vuln: redirect
});

router.get('/next-safe', async (ctx) => {
  const target = ctx.request.query.next as string;
  ctx.redirect(target && /^\/(?!\/)/.test(target) ? target : '/'); // safe: redirect
});

export default new Koa().use(router.routes());
