import type { Context } from '@netlify/functions';

const ALLOWED = ['/', '/pricing', '/docs'];

export default async (req: Request, context: Context) => {
  const next = new URL(req.url).searchParams.get('next') ?? '/';
  if (context.params.mode === 'strict') {
    const target = ALLOWED.includes(next) ? next : '/';
    return Response.redirect(new URL(target, req.url), 302); // safe: redirect
  }
  return Response.redirect(next, 302); // vuln: redirect
};
