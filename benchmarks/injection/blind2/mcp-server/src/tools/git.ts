import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const run = promisify(exec);
const runFile = promisify(execFile);
const REPO = process.env.REPO_DIR ?? process.cwd();

export function registerGitTools(server: McpServer) {
  server.tool('git_log', 'Show recent commits touching a path', { path: z.string(), limit: z.number().int().max(200) }, async ({ path, limit }) => {
    const { stdout } = await run(`git log -n ${limit} --oneline -- ${path}`, { cwd: REPO }); // vuln: command
    return { content: [{ type: 'text', text: stdout }] };
  });

  server.tool('git_log_safe', 'Show recent commits touching a path', { path: z.string(), limit: z.number().int().max(200) }, async ({ path, limit }) => {
    const { stdout } = await runFile('git', ['log', '-n', String(limit), '--oneline', '--', path], { cwd: REPO }); // safe: command
    return { content: [{ type: 'text', text: stdout }] };
  });

  server.registerTool(
    'git_blame',
    { title: 'Blame', description: 'Blame a file at a revision', inputSchema: { file: z.string(), rev: z.string() } },
    async ({ file, rev }) => {
      const { stdout } = await run('git blame ' + rev + ' -- "' + file + '"', { cwd: REPO }); // vuln: command
      return { content: [{ type: 'text', text: stdout }] };
    },
  );

  server.registerTool(
    'git_blame_safe',
    {
      title: 'Blame',
      description: 'Blame a file at a revision',
      inputSchema: { file: z.string(), rev: z.string().regex(/^[0-9a-f]{7,40}$/) },
    },
    async ({ file, rev }) => {
      const { stdout } = await runFile('git', ['blame', rev, '--', file], { cwd: REPO }); // safe: command
      return { content: [{ type: 'text', text: stdout }] };
    },
  );
}
