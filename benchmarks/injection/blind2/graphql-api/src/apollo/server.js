'use strict';
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');
const { MongoClient } = require('mongodb');
const { Pool } = require('pg');
const resolvers = require('./resolvers');

const typeDefs = `#graphql
  type User { id: ID!, username: String! }
  type Invoice { id: ID!, amount: Float }
  type Export { fileName: String!, data: String }
  type Query {
    userByName(username: String!): User
    userByNameSafe(username: String!): User
    tenantInvoices: [Invoice!]!
    tenantInvoicesSafe: [Invoice!]!
  }
  type Mutation {
    downloadExport(fileName: String!): Export
    downloadExportSafe(fileName: String!): Export
  }
`;

async function main() {
  const mongo = await MongoClient.connect(process.env.MONGO_URL);
  const pg = new Pool();
  const server = new ApolloServer({ typeDefs, resolvers });
  await startStandaloneServer(server, {
    listen: { port: 4001 },
    context: async ({ req }) => ({ db: mongo.db('app'), pg, tenant: req.headers['x-tenant-id'] }),
  });
}

main();
