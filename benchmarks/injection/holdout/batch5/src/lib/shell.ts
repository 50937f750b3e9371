import { exec } from 'node:child_process';
import { promisify } from 'node:util';

const sh = promisify(exec);

export async function runTool(tool: string, target: string): Promise<string> {
  const { stdout } = await sh(`${tool} --target=${target}`); // vuln: command
  return stdout;
}

export async function runToolSafe(tool: 'nmap' | 'dig', target: string): Promise<string> {
  if (!/^[\w.-]+$/.test(target)) throw new Error('bad target');
  const { stdout } = await sh(`${tool} --target=${target}`); // safe: command
  return stdout;
}
