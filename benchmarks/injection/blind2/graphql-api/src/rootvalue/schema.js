'use strict';
const { buildSchema } = require('graphql');

module.exports = buildSchema(`
  type Order { id: ID!, status: String!, total: Float }
  type Invoice { name: String!, body: String }
  type Query {
    ordersByStatus(status: String!): [Order!]!
    orderById(id: ID!): Order
    diagnose(host: String!): String
    diagnoseSafe(host: String!): String
    invoice(name: String!): Invoice
    invoiceSafe(name: String!): Invoice
  }
`);
