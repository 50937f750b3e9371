const Hapi = require('@hapi/hapi');
const Joi = require('joi');
const { MongoClient } = require('mongodb');

const mongo = new MongoClient('mongodb://localhost:27017');

exports.register = (server) => {
  const coupons = mongo.db('shop').collection('coupons');

  server.route({
    method: 'POST',
    path: '/coupons/redeem',
    handler: async (request) => {
      const { code } = request.payload;
      const coupon = await coupons.findOne({ code, redeemed: false }); // vuln: nosql
      return coupon ? { discount: coupon.discount } : { discount: 0 };
    },
  });

  server.route({
    method: 'POST',
    path: '/coupons/redeem-safe',
    options: {
      validate: { payload: Joi.object({ code: Joi.string().alphanum().max(32).required() }) },
    },
    handler: async (request) => {
      const { code } = request.payload;
      const coupon = await coupons.findOne({ code, redeemed: false }); // safe: nosql
      return coupon ? { discount: coupon.discount } : { discount: 0 };
    },
  });
};
