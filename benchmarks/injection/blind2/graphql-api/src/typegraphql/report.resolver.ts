import 'reflect-metadata';
import { execSync, execFileSync } from 'node:child_process';
import { Arg, Query, Resolver } from 'type-graphql';
import { DataSource } from 'typeorm';
import { Report } from './report.type';

const FORMATS = ['pdf', 'png', 'svg'] as const;

@Resolver(() => Report)
export class ReportResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => [Report])
  async searchReports(@Arg('term') term: string): Promise<Report[]> {
    return this.dataSource.query(`SELECT id, title FROM report WHERE title LIKE '%${term}%'`); // vuln: sql
  }

  @Query(() => [Report])
  async searchReportsSafe(@Arg('term') term: string): Promise<Report[]> {
    return this.dataSource.query('SELECT id, title FROM report WHERE title LIKE $1', [`%${term}%`]); // safe: sql
  }

  @Query(() => String)
  convert(@Arg('id') id: string, @Arg('format') format: string): string {
    return execSync(`convert /data/reports/${id}.svg /tmp/out.${format}`).toString(); // vuln: command
  }

  @Query(() => String)
  convertSafe(@Arg('id') id: string, @Arg('format') format: string): string {
    if (!/^\d+$/.test(id) || !(FORMATS as readonly string[]).includes(format)) throw new Error('bad input');
    return execFileSync('convert', [`/data/reports/${id}.svg`, `/tmp/out.${format}`]).toString(); // safe: command
  }
}
