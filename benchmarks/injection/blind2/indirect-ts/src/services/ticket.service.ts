import { TicketRepository } from '../repositories/ticket.repository';
import { buildClause, sortColumn } from '../lib/filters';

export class TicketService {
  constructor(private readonly repo: TicketRepository) {}

  legacySearch(query: Record<string, unknown>) {
    return this.repo.search(buildClause(query));
  }

  mine(user: string) {
    return this.repo.byAssignee(user);
  }

  list(sort: unknown, trusted: boolean) {
    return trusted ? this.repo.sortedBy(sortColumn(sort)) : this.repo.sorted(String(sort));
  }
}
