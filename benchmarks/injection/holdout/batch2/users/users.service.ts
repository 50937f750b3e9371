import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  findByEmail(email: string) {
    return this.dataSource.query(`SELECT * FROM users WHERE email = '${email}'`); // vuln: sql
  }

  findByEmailSafe(email: string) {
    return this.dataSource.query('SELECT * FROM users WHERE email = $1', [email]); // safe: sql
  }
}
