#!/usr/bin/env node
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { registerGitTools } from './tools/git.js';
import { registerDbTools } from './tools/db.js';
import { registerFileResources } from './tools/files.js';
import { registerSandboxTools } from './tools/sandbox.js';
import { readdirSync, statSync } from 'node:fs';

const server = new McpServer({ name: 'repo-tools', version: '0.3.1' });
registerGitTools(server);
registerDbTools(server);
registerFileResources(server);
registerSandboxTools(server, () =>
  readdirSync('.').map((name) => {
    const st = statSync(name);
    return { name, size: st.size, modified: st.mtime.toISOString() };
  }),
);

await server.connect(new StdioServerTransport());
