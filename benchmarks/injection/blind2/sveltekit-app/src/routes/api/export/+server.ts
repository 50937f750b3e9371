import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readExport, readExportSafe } from '$lib/server/files';

export const GET: RequestHandler = async ({ url }) => {
  const file = url.searchParams.get('file');
  if (!file) throw error(400, 'file required');
  return new Response(await readExport(file));
};

export const POST: RequestHandler = async ({ request }) => {
  const { file } = await request.json();
  return new Response(await readExportSafe(String(file)));
};
