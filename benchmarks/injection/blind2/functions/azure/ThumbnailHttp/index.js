const { app } = require('@azure/functions');
const fetch = require('node-fetch');

app.http('thumbnail', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request, context) => {
    const source = request.query.get('src');
    context.log(`thumbnail for ${request.query.get('id')}`);
    const upstream = await fetch(source); // vuln: ssrf
    return { body: await upstream.buffer(), headers: { 'content-type': 'image/jpeg' } };
  },
});

app.http('thumbnailSafe', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const id = request.query.get('id');
    if (!/^[a-f0-9]{32}$/.test(id)) return { status: 400 };
    const upstream = await fetch(`https://media.example.com/originals/${id}.jpg`); // safe: ssrf
    return { body: await upstream.buffer(), headers: { 'content-type': 'image/jpeg' } };
  },
});
