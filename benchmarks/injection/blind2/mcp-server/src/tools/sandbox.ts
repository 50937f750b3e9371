import vm from 'node:vm';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const FIELDS = ['name', 'size', 'modified'] as const;

export function registerSandboxTools(server: McpServer, listFiles: () => Array<Record<string, unknown>>) {
  server.tool('run_js', 'Evaluate a JavaScript expression over the file list', { expression: z.string() }, async ({ expression }) => {
    const result = vm.runInNewContext(expression, { files: listFiles() }, { timeout: 1000 }); // vuln: code
    return { content: [{ type: 'text', text: JSON.stringify(result) }] };
  });

  server.tool('sort_files', 'Sort the file list by a field', { field: z.enum(FIELDS), desc: z.boolean().default(false) }, async ({ field, desc }) => {
    const files = listFiles().sort((a, b) => String(a[field]).localeCompare(String(b[field])) * (desc ? -1 : 1)); // safe: code
    return { content: [{ type: 'text', text: JSON.stringify(files) }] };
  });

  server.registerTool('transform', { description: 'Apply a JS arrow function to every file', inputSchema: { fn: z.string() } }, async ({ fn }) => {
    const mapper = new Function('file', `return (${fn})(file);`); // vuln: code
    return { content: [{ type: 'text', text: JSON.stringify(listFiles().map((f) => mapper(f))) }] };
  });

  server.registerTool('pick', { description: 'Pick fields of every file', inputSchema: { fields: z.array(z.enum(FIELDS)) } }, async ({ fields }) => {
    const picked = listFiles().map((f) => Object.fromEntries(fields.map((k) => [k, f[k]]))); // safe: code
    return { content: [{ type: 'text', text: JSON.stringify(picked) }] };
  });
}
