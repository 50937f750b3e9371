import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import { Customer } from './customer.entity';

interface SearchDto {
  city: string;
  name?: string;
}

@Controller('customers')
export class CustomersController {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Customer) private readonly customers: Repository<Customer>,
  ) {}

  @Get('by-city')
  async byCity(@Query('city') city: string): Promise<Customer[]> {
    return this.dataSource.query(`SELECT * FROM customer WHERE city = '${city}'`); // vuln: sql
  }

  @Get('by-city-safe')
  async byCitySafe(@Query('city') city: string): Promise<Customer[]> {
    return this.dataSource.query('SELECT * FROM customer WHERE city = $1', [city]); // safe: sql
  }

  @Post('search')
  async search(@Body() dto: SearchDto): Promise<Customer[]> {
    const qb = this.customers.createQueryBuilder('c');
    qb.where(`c.city = '${dto.city}'`); // vuln: sql
    return qb.getMany();
  }

  @Post('search-safe')
  async searchSafe(@Body() dto: SearchDto): Promise<Customer[]> {
    const qb = this.customers.createQueryBuilder('c');
    qb.where('c.city = :city', { city: dto.city }); // safe: sql
    return qb.getMany();
  }

  @Get(':id/orders')
  async orders(@Param('id') id: string) {
    const manager = this.dataSource.manager;
    return manager.query('SELECT * FROM orders WHERE customer_id = ' + id); // vuln: sql
  }

  @Get(':id/orders-safe')
  async ordersSafe(@Param('id') id: string) {
    const manager = this.dataSource.manager;
    return manager.query('SELECT * FROM orders WHERE customer_id = $1', [id]); // safe: sql
  }
}
