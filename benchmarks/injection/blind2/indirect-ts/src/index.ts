import express from 'express';
import { Pool } from 'pg';
import { TicketRepository } from './repositories/ticket.repository';
import { TicketService } from './services/ticket.service';
import { TicketsController, wrap } from './controllers/tickets.controller';
import { gatewayUser } from './middleware/auth';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const controller = new TicketsController(new TicketService(new TicketRepository(pool)));

const app = express();
app.use(express.json({ limit: '50kb' }));
app.use(gatewayUser);

const routes: Array<[string, string, keyof TicketsController]> = [
  ['get', '/tickets/search', 'search'],
  ['get', '/tickets/mine', 'mine'],
  ['get', '/tickets', 'list'],
  ['get', '/tickets/:id/attachments/:file', 'attachment'],
  ['post', '/tickets/mirror', 'mirror'],
];

for (const [method, path, action] of routes) {
  (app as any)[method](path, wrap(controller[action] as any));
}

app.listen(3010);
