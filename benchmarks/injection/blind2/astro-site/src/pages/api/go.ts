import type { APIRoute } from 'astro';

export const GET: APIRoute = ({ url, redirect }) => {
  const to = url.searchParams.get('to') ?? '/';
  return redirect(to, 302); // vuln: redirect
};

export const POST: APIRoute = async ({ request, redirect }) => {
  const data = await request.formData();
  const to = String(data.get('to') ?? '/');
  const local = to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') ? to : '/';
  return redirect(local, 302); // safe: redirect
};
