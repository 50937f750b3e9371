const express = require('express');
const { z } = require('zod');
const knex = require('./db');

const router = express.Router();

const NewOrder = z.object({
  sku: z.string().regex(/^[A-Z0-9-]{4,20}$/),
  quantity: z.number().int().positive().max(100),
  note: z.string().max(500).optional(),
});

router.post('/orders', async (req, res) => {
  const [id] = await knex('orders').insert({ sku: req.body.sku, quantity: req.body.quantity, note: req.body.note, user_id: req.user.id }); // vuln: validation
  res.status(201).json({ id });
});

router.post('/v2/orders', async (req, res) => {
  const parsed = NewOrder.safeParse(req.body);
  if (!parsed.success) return res.status(400).json(parsed.error.flatten());
  const { sku, quantity, note } = parsed.data;
  const [id] = await knex('orders').insert({ sku, quantity, note, user_id: req.user.id }); // safe: validation
  res.status(201).json({ id });
});

module.exports = router;
