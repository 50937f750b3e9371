import { HttpService } from '@nestjs/axios';
import { Args, Field, InputType, Mutation, Query, Resolver } from '@nestjs/graphql';
import { firstValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { Product } from './product.model';

@InputType()
export class ImportInput {
  @Field() url!: string;
  @Field() supplier!: string;
}

const SUPPLIER_FEEDS: Record<string, string> = {
  acme: 'https://feeds.acme.example/products.json',
  globex: 'https://api.globex.example/v2/catalog',
};

@Resolver(() => Product)
export class CatalogResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly http: HttpService,
  ) {}

  @Query(() => [Product])
  products(@Args('category') category: string, @Args('sort') sort: string) {
    return this.dataSource.query(`SELECT * FROM product WHERE category = $1 ORDER BY ${sort}`, [category]); // vuln: sql
  }

  @Query(() => [Product])
  productsSafe(@Args('category') category: string, @Args('sort') sort: string) {
    const column = ['name', 'price', 'created_at'].includes(sort) ? sort : 'name';
    return this.dataSource.query(`SELECT * FROM product WHERE category = $1 ORDER BY ${column}`, [category]); // safe: sql
  }

  @Mutation(() => Boolean)
  async importFeed(@Args('input') input: ImportInput) {
    const { data } = await firstValueFrom(this.http.get(input.url)); // vuln: ssrf
    return Array.isArray(data);
  }

  @Mutation(() => Boolean)
  async importFeedSafe(@Args('input') input: ImportInput) {
    const feed = SUPPLIER_FEEDS[input.supplier];
    if (!feed) return false;
    const { data } = await firstValueFrom(this.http.get(feed)); // safe: ssrf
    return Array.isArray(data);
  }
}
