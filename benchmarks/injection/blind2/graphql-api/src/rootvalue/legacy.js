'use strict';
const express = require('express');
const { graphqlHTTP } = require('express-graphql');
const { buildSchema } = require('graphql');
const { spawn } = require('child_process');
const { MongoClient } = require('mongodb');

const mongo = new MongoClient(process.env.MONGO_URL);
const schema = buildSchema(`
  type Query {
    archive(pattern: String!): String
    archiveSafe(pattern: String!): String
    notes(filter: String!): [String]
    notesSafe(tag: String!): [String]
  }
`);

const rootValue = {
  archive: ({ pattern }) =>
    new Promise((resolve) => {
      const child = spawn('sh', ['-c', `ls /srv/archive | grep ${pattern}`]); // vuln: command
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => resolve(out));
    }),
  archiveSafe: ({ pattern }) =>
    new Promise((resolve) => {
      const child = spawn('grep', ['-F', '--', pattern, '/srv/archive/INDEX']); // safe: command
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => resolve(out));
    }),
  notes: async ({ filter }) => {
    const docs = await mongo.db('app').collection('notes').find(JSON.parse(filter)).toArray(); // vuln: nosql
    return docs.map((d) => d.text);
  },
  notesSafe: async ({ tag }) => {
    const docs = await mongo.db('app').collection('notes').find({ tags: String(tag) }).toArray(); // safe: nosql
    return docs.map((d) => d.text);
  },
};

const app = express();
app.use('/graphql-legacy', graphqlHTTP({ schema, rootValue, graphiql: false }));
app.listen(4004);
