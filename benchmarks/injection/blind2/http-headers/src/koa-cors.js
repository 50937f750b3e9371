'use strict';
const Koa = require('koa');

const ALLOWED = new Set(['https://app.example.com', 'https://admin.example.com']);
const app = new Koa();

app.use(async (ctx, next) => {
  if (ctx.path.startsWith('/v1')) {
    ctx.set('Access-Control-Allow-Origin', ctx.get('Origin')); // vuln: cors
    ctx.set('Access-Control-Allow-Credentials', 'true');
    ctx.set('Content-Security-Policy', "default-src 'self' 'unsafe-inline' data: blob:"); // vuln: csp
  } else {
    const origin = ctx.get('Origin');
    if (ALLOWED.has(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin); // safe: cors
      ctx.set('Access-Control-Allow-Credentials', 'true');
      ctx.vary('Origin');
    }
    ctx.set('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"); // safe: csp
  }
  await next();
});

app.use(async (ctx) => {
  if (ctx.path === '/v1/debug/env') {
    ctx.body = { env: process.env }; // vuln: exposure
  } else if (ctx.path === '/v2/debug/env') {
    ctx.body = { env: process.env.NODE_ENV, version: process.env.npm_package_version }; // safe: exposure
  }
});

app.listen(3704);
