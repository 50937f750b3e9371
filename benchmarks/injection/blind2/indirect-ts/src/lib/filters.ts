// Builds the WHERE clause for the legacy search endpoint.
export function buildClause(q: Record<string, unknown>): string {
  const parts: string[] = [];
  if (q.status) parts.push(`status = '${q.status}'`);
  if (q.priority) parts.push(`priority = ${q.priority}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

const SORTABLE = new Set(['created_at', 'priority', 'subject']);

export function sortColumn(raw: unknown): 'created_at' | 'priority' | 'subject' {
  return typeof raw === 'string' && SORTABLE.has(raw) ? (raw as 'created_at' | 'priority' | 'subject') : 'created_at';
}
