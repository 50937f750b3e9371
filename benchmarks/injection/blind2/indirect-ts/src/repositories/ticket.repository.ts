import { Pool } from 'pg';

export class TicketRepository {
  constructor(private readonly pool: Pool) {}

  async search(clause: string) {
    const { rows } = await this.pool.query(`SELECT id, subject FROM tickets WHERE ${clause}`); // vuln: sql
    return rows;
  }

  async byAssignee(assignee: string) {
    const { rows } = await this.pool.query('SELECT id, subject FROM tickets WHERE assignee = $1', [assignee]); // safe: sql
    return rows;
  }

  async sorted(column: string) {
    const { rows } = await this.pool.query(`SELECT id, subject FROM tickets ORDER BY ${column}`); // vuln: sql
    return rows;
  }

  async sortedBy(column: 'created_at' | 'priority' | 'subject') {
    const { rows } = await this.pool.query(`SELECT id, subject FROM tickets ORDER BY ${column}`); // safe: sql
    return rows;
  }
}
