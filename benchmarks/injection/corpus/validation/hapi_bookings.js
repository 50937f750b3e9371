const Joi = require('joi');

module.exports = (db) => [
  {
    method: 'POST',
    path: '/bookings',
    handler: async (request, h) => {
      const { roomId, from, to } = request.payload;
      await db.query('INSERT INTO bookings (room_id, starts, ends) VALUES (?, ?, ?)', [roomId, from, to]); // vuln: validation
      return h.response().code(201);
    },
  },
  {
    method: 'POST',
    path: '/v2/bookings',
    options: {
      validate: {
        payload: Joi.object({ roomId: Joi.number().integer(), from: Joi.date().iso(), to: Joi.date().iso() }),
      },
    },
    handler: async (request, h) => {
      const { roomId, from, to } = request.payload;
      await db.query('INSERT INTO bookings (room_id, starts, ends) VALUES (?, ?, ?)', [roomId, from, to]); // safe: validation
      return h.response().code(201);
    },
  },
];
