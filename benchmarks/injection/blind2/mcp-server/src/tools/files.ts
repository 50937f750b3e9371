import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const DOCS = path.resolve(process.env.DOCS_DIR ?? 'docs');

export function registerFileResources(server: McpServer) {
  server.resource('doc', new ResourceTemplate('docs://{name}', { list: undefined }), async (uri, { name }) => {
    const text = await readFile(path.join(DOCS, String(name)), 'utf8'); // vuln: path
    return { contents: [{ uri: uri.href, text }] };
  });

  server.registerTool('read_doc', { description: 'Read a documentation page', inputSchema: { name: z.string() } }, async ({ name }) => {
    const file = path.resolve(DOCS, name);
    if (path.relative(DOCS, file).startsWith('..') || path.isAbsolute(path.relative(DOCS, file))) {
      return { content: [{ type: 'text', text: 'outside docs' }], isError: true };
    }
    const text = await readFile(file, 'utf8'); // safe: path
    return { content: [{ type: 'text', text }] };
  });

  server.registerTool('fetch_url', { description: 'Fetch a web page for the model', inputSchema: { url: z.string().url() } }, async ({ url }) => {
    const res = await fetch(url); // vuln: ssrf
    return { content: [{ type: 'text', text: await res.text() }] };
  });

  server.registerTool('fetch_docs_site', { description: 'Fetch a page of the docs site', inputSchema: { page: z.string() } }, async ({ page }) => {
    const url = new URL(page, 'https://docs.example.dev/');
    if (url.origin !== 'https://docs.example.dev') return { content: [{ type: 'text', text: 'not allowed' }], isError: true };
    const res = await fetch(url); // safe: ssrf
    return { content: [{ type: 'text', text: await res.text() }] };
  });
}
