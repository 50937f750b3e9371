import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Socket } from 'socket.io';
import { DataSource } from 'typeorm';

interface RouteQuery {
  depot: string;
  orderBy: string;
}

@WebSocketGateway({ namespace: 'dispatch' })
export class DispatchGateway {
  constructor(private readonly dataSource: DataSource) {}

  @SubscribeMessage('routes')
  async routes(@MessageBody() body: RouteQuery, @ConnectedSocket() client: Socket) {
    const rows = await this.dataSource.query(`SELECT * FROM routes WHERE depot = '${body.depot}' ORDER BY ${body.orderBy}`); // vuln: sql
    client.emit('routes', rows);
  }

  @SubscribeMessage('routesSafe')
  async routesSafe(@MessageBody() body: RouteQuery, @ConnectedSocket() client: Socket) {
    const order = ['eta', 'distance'].includes(body.orderBy) ? body.orderBy : 'eta';
    const rows = await this.dataSource.query(`SELECT * FROM routes WHERE depot = $1 ORDER BY ${order}`, [body.depot]); // safe: sql
    client.emit('routes', rows);
  }
}
