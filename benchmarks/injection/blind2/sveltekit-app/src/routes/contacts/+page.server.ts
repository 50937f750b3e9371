import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export const load: PageServerLoad = async ({ url }) => {
  const tag = url.searchParams.get('tag') ?? '';
  const contacts = await sql.unsafe(`SELECT * FROM contacts WHERE tags @> ARRAY['${tag}']`); // vuln: sql
  return { contacts };
};

export const actions: Actions = {
  search: async ({ request }) => {
    const data = await request.formData();
    const tag = data.get('tag');
    if (typeof tag !== 'string') return fail(400, { tag });
    const contacts = await sql`SELECT * FROM contacts WHERE tags @> ARRAY[${tag}]`; // safe: sql
    return { contacts };
  },
  rename: async ({ request }) => {
    const data = await request.formData();
    await sql.unsafe(`UPDATE contacts SET name = '${data.get('name')}' WHERE id = ${data.get('id')}`); // vuln: sql
    return { ok: true };
  },
  renameSafe: async ({ request }) => {
    const data = await request.formData();
    await sql.unsafe('UPDATE contacts SET name = $1 WHERE id = $2', [String(data.get('name')), Number(data.get('id'))]); // safe: sql
    return { ok: true };
  },
};
