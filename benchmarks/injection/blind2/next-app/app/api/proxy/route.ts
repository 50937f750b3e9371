import { NextRequest } from 'next/server';

const ORIGINS = ['https://status.example.com', 'https://uptime.example.com'];

export async function GET(request: NextRequest) {
  const target = request.nextUrl.searchParams.get('url')!;
  const upstream = await fetch(target, { cache: 'no-store' }); // vuln: ssrf
  return new Response(upstream.body, { status: upstream.status });
}

export async function POST(request: NextRequest) {
  const form = await request.formData();
  const target = new URL(String(form.get('url')));
  if (!ORIGINS.includes(target.origin)) return new Response('forbidden', { status: 403 });
  const upstream = await fetch(target, { cache: 'no-store' }); // safe: ssrf
  return new Response(upstream.body, { status: upstream.status });
}
