import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { db } from '~/lib/db.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const customer = url.searchParams.get('customer') ?? '';
  const [rows] = await db.query(`SELECT * FROM invoices WHERE customer = '${customer}'`); // vuln: sql
  return json({ invoices: rows });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const [rows] = await db.execute('SELECT * FROM invoices WHERE customer = ?', [String(form.get('customer'))]); // safe: sql
  const returnTo = String(form.get('returnTo') ?? '/');
  if (form.get('intent') === 'back') {
    return redirect(returnTo); // vuln: redirect
  }
  return redirect(returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/invoices'); // safe: redirect
}

export default function Invoices() {
  const { invoices } = useLoaderData<typeof loader>();
  return <pre>{JSON.stringify(invoices, null, 2)}</pre>;
}
