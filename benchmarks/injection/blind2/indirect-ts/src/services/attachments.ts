import { promises as fs } from 'node:fs';
import path from 'node:path';
import got from 'got';

const STORE = '/srv/tickets/attachments';

type Done = (err: Error | null, data?: Buffer) => void;

export function loadAttachment(ticketId: string, file: string, done: Done) {
  fs.readFile(path.join(STORE, ticketId, file)).then((data) => done(null, data), done); // vuln: path
}

export function loadAttachmentSafe(ticketId: string, file: string, done: Done) {
  const dir = path.join(STORE, String(Number(ticketId)));
  const target = path.join(dir, path.basename(file));
  fs.readFile(target).then((data) => done(null, data), done); // safe: path
}

export async function mirrorAll(urls: string[]) {
  return Promise.all(urls.map((u) => got(u, { timeout: { request: 5000 } }).buffer())); // vuln: ssrf
}

const MIRROR = 'https://files.tickets.example.com/';

export async function mirrorAllSafe(ids: string[]) {
  return Promise.all(ids.map((id) => got(new URL(encodeURIComponent(id), MIRROR), { timeout: { request: 5000 } }).buffer())); // safe: ssrf
}
