import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema } from 'type-graphql';
import { ReportResolver } from './report.resolver';

async function bootstrap() {
  const schema = await buildSchema({ resolvers: [ReportResolver] });
  const server = new ApolloServer({ schema });
  await startStandaloneServer(server, { listen: { port: 4003 } });
}

bootstrap();
