const Joi = require('joi');
const { Note } = require('./models');

module.exports = [
  {
    method: 'POST',
    path: '/notes',
    handler: async (request, h) => {
      const note = await Note.create({ title: request.payload.title, body: request.payload.body }); // vuln: validation
      return h.response(note).code(201);
    },
  },
  {
    method: 'POST',
    path: '/v2/notes',
    options: {
      validate: {
        payload: Joi.object({ title: Joi.string().max(120).required(), body: Joi.string().max(10000).required() }),
      },
    },
    handler: async (request, h) => {
      const note = await Note.create({ title: request.payload.title, body: request.payload.body }); // safe: validation
      return h.response(note).code(201);
    },
  },
];
