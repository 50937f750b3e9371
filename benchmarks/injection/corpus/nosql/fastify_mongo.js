const fastify = require('fastify')();
const mongoose = require('mongoose');

const Order = mongoose.model('Order');

fastify.post('/orders/find', async (request, reply) => {
  const { customerId, status } = request.body;
  const orders = await Order.find({ customerId, status }).sort({ createdAt: -1 }); // vuln: nosql
  return orders;
});

fastify.post(
  '/orders/find-safe',
  {
    schema: {
      body: {
        type: 'object',
        required: ['customerId'],
        properties: { customerId: { type: 'string' }, status: { type: 'string' } },
      },
    },
  },
  async (request, reply) => {
    const { customerId, status } = request.body;
    const orders = await Order.find({ customerId, status }).sort({ createdAt: -1 }); // safe: nosql
    return orders;
  }
);

fastify.post('/orders/:id/cancel', async (request, reply) => {
  const order = await Order.findOneAndUpdate(
    { _id: request.params.id, owner: request.body.owner }, // vuln: nosql
    { $set: { status: 'cancelled' } }
  );
  return order;
});

fastify.post('/orders-safe/:id/cancel', async (request, reply) => {
  const order = await Order.findOneAndUpdate(
    { _id: request.params.id, owner: String(request.body.owner) }, // safe: nosql
    { $set: { status: 'cancelled' } }
  );
  return order;
});

fastify.get('/orders/stats', async (request) => {
  const map = `function () { emit(this.${request.query.field}, 1); }`;
  return Order.mapReduce({ map, reduce: (k, v) => v.length }); // vuln: nosql
});

module.exports = fastify;
