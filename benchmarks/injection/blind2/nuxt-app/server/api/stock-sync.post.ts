import { defineEventHandler, readBody, getRouterParam } from 'h3';

const SUPPLIERS: Record<string, string> = { north: 'https://north.supplier.example/api/stock', south: 'https://south.supplier.example/stock' };

export default defineEventHandler(async (event) => {
  const body = await readBody<{ endpoint: string; supplier: string }>(event);
  if (getRouterParam(event, 'mode') === 'fixed') {
    const endpoint = SUPPLIERS[body.supplier];
    if (!endpoint) throw createError({ statusCode: 400 });
    return $fetch(endpoint); // safe: ssrf
  }
  return $fetch(body.endpoint); // vuln: ssrf
});
