import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, DataSource } from 'typeorm';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
  ) {}

  async findByEmail(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').where(`u.email = '${email}'`).getOne(); // vuln: sql
  }

  async findByEmailSafe(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').where('u.email = :email', { email }).getOne(); // safe: sql
  }

  async countByRole(role: string): Promise<number> {
    const rows = await this.dataSource.query(`SELECT COUNT(*) AS n FROM users WHERE role = '${role}'`); // vuln: sql
    return Number(rows[0].n);
  }

  async countByRoleSafe(role: string): Promise<number> {
    const rows = await this.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE role = $1', [role]); // safe: sql
    return Number(rows[0].n);
  }
}
