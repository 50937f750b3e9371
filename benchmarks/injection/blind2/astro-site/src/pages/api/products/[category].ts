import type { APIRoute } from 'astro';
import { db } from '../../../lib/db';

export const prerender = false;

export const GET: APIRoute = ({ params, url }) => {
  const sort = url.searchParams.get('sort') ?? 'name';
  const rows = db.prepare(`SELECT * FROM products WHERE category = '${params.category}' ORDER BY ${sort}`).all(); // vuln: sql
  return new Response(JSON.stringify(rows), { headers: { 'content-type': 'application/json' } });
};

export const POST: APIRoute = async ({ params, request }) => {
  const { sort } = await request.json();
  const order = sort === 'price' ? 'price' : 'name';
  const rows = db.prepare(`SELECT * FROM products WHERE category = ? ORDER BY ${order}`).all(params.category); // safe: sql
  return new Response(JSON.stringify(rows), { headers: { 'content-type': 'application/json' } });
};
