const { Product } = require('../models');

module.exports = [
  {
    method: 'POST',
    path: '/products',
    handler: async (request, h) => {
      const product = await Product.create(request.payload); // vuln: mass
      return h.response(product).code(201);
    },
  },
  {
    method: 'POST',
    path: '/products-safe',
    handler: async (request, h) => {
      const product = await Product.create(request.payload, { fields: ['name', 'price', 'description'] }); // safe: mass
      return h.response(product).code(201);
    },
  },
];
