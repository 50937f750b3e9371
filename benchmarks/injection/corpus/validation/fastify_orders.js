const fastify = require('fastify')();
const axios = require('axios');

fastify.post('/shipments', async (request) => {
  const { orderId, carrier } = request.body;
  await axios.post('https://shipping.internal.example/v1/shipments', { orderId, carrier }); // vuln: validation
  return { queued: true };
});

fastify.post(
  '/v2/shipments',
  {
    schema: {
      body: {
        type: 'object',
        required: ['orderId', 'carrier'],
        properties: { orderId: { type: 'integer' }, carrier: { enum: ['ups', 'dhl'] } },
      },
    },
  },
  async (request) => {
    const { orderId, carrier } = request.body;
    await axios.post('https://shipping.internal.example/v1/shipments', { orderId, carrier }); // safe: validation
    return { queued: true };
  }
);

module.exports = fastify;
