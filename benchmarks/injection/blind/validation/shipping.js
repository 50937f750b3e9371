const fastify = require('fastify')();
const axios = require('axios');

fastify.post('/shipments', async (request) => {
  const { orderId, carrier } = request.body;
  const { data } = await axios.post('https://shipping.example/v1/labels', { orderId, carrier }); // vuln: validation
  return data;
});

fastify.post(
  '/v2/shipments',
  {
    schema: {
      body: {
        type: 'object',
        required: ['orderId', 'carrier'],
        additionalProperties: false,
        properties: { orderId: { type: 'integer' }, carrier: { type: 'string', enum: ['ups', 'dhl', 'fedex'] } },
      },
    },
  },
  async (request) => {
    const { orderId, carrier } = request.body;
    const { data } = await axios.post('https://shipping.example/v1/labels', { orderId, carrier }); // safe: validation
    return data;
  },
);

module.exports = fastify;
