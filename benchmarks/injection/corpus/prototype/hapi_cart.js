const Hoek = require('@hapi/hoek');

const carts = {};

module.exports = [
  {
    method: 'POST',
    path: '/cart/{id}/options',
    handler: (request) => {
      const cart = carts[request.params.id] || (carts[request.params.id] = {});
      Hoek.merge(cart, request.payload); // vuln: prototype
      return cart;
    },
  },
  {
    method: 'POST',
    path: '/cart-safe/{id}/options',
    handler: (request) => {
      const cart = carts[request.params.id] || (carts[request.params.id] = {});
      cart.giftWrap = Boolean(request.payload.giftWrap); // safe: prototype
      return cart;
    },
  },
];
