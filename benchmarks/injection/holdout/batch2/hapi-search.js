const Joi = require('joi');
const { MongoClient } = require('mongodb');

const db = new MongoClient('mongodb://localhost').db('app');

module.exports = [
  {
    method: 'GET',
    path: '/products',
    handler: async (request) => {
      const filter = JSON.parse(request.query.filter || '{}');
      return db.collection('products').find(filter).toArray(); // vuln: nosql
    },
  },
  {
    method: 'GET',
    path: '/products-safe',
    handler: async (request) => {
      const category = String(request.query.category || '');
      return db.collection('products').find({ category }).toArray(); // safe: nosql
    },
  },
  {
    method: 'GET',
    path: '/hello',
    handler: (request, h) => h.response(`<p>Hello ${request.query.name}</p>`).type('text/html'), // vuln: xss
  },
  {
    method: 'GET',
    path: '/hello-safe',
    handler: (request, h) => h.response({ hello: request.query.name }), // safe: xss
  },
];
