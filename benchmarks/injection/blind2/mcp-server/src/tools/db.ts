import Database from 'better-sqlite3';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const db = new Database(process.env.ISSUES_DB ?? 'issues.sqlite', { readonly: true });

export function registerDbTools(server: McpServer) {
  server.tool('find_issues', { label: z.string() }, async ({ label }) => {
    const rows = db.prepare(`SELECT id, title FROM issues WHERE labels LIKE '%${label}%'`).all(); // vuln: sql
    return { content: [{ type: 'text', text: JSON.stringify(rows) }] };
  });

  server.tool('find_issues_safe', { label: z.string() }, async ({ label }) => {
    const rows = db.prepare('SELECT id, title FROM issues WHERE labels LIKE ?').all(`%${label}%`); // safe: sql
    return { content: [{ type: 'text', text: JSON.stringify(rows) }] };
  });
}
