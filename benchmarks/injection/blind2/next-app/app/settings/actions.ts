'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { pool } from '../../lib/db';

export async function updateDisplayName(formData: FormData) {
  const name = formData.get('name');
  const id = formData.get('id');
  await pool.query(`UPDATE members SET display_name = '${name}' WHERE id = ${id}`); // vuln: sql
  revalidatePath('/settings');
}

export async function updateDisplayNameSafe(formData: FormData) {
  await pool.query('UPDATE members SET display_name = $1 WHERE id = $2', [String(formData.get('name')), Number(formData.get('id'))]); // safe: sql
  revalidatePath('/settings');
}

export async function finish(formData: FormData) {
  redirect(String(formData.get('next'))); // vuln: redirect
}

export async function finishSafe(formData: FormData) {
  const next = String(formData.get('next') ?? '');
  redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/settings'); // safe: redirect
}
