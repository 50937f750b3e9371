'use strict';
const { lookupUser, lookupUserSafe } = require('../../handlers/users');

// autoloaded: module.exports is the plugin function
module.exports = async function (fastify, opts) {
  fastify.get('/by-email', async (request) => lookupUser(fastify.pg, request.query.email));
  fastify.get('/by-email-safe', async (request) => lookupUserSafe(fastify.pg, request.query.email));
};
