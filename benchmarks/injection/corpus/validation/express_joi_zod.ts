import express from 'express';
import Joi from 'joi';
import { z } from 'zod';
import { celebrate, Segments } from 'celebrate';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
export const app = express();
app.use(express.json());

const TransferSchema = z.object({ to: z.string().uuid(), amount: z.number().positive().max(10000) });

app.post('/transfers', async (req, res) => {
  const transfer = await prisma.transfer.create({ data: { to: req.body.to, amount: req.body.amount } }); // vuln: validation
  res.status(201).json(transfer);
});

app.post('/v2/transfers', async (req, res) => {
  const parsed = TransferSchema.safeParse(req.body);
  if (!parsed.success) return res.status(400).json(parsed.error.flatten());
  const transfer = await prisma.transfer.create({ data: { to: parsed.data.to, amount: parsed.data.amount } }); // safe: validation
  res.status(201).json(transfer);
});

const addressSchema = Joi.object({ street: Joi.string().max(100).required(), zip: Joi.string().pattern(/^\d{5}$/) });

app.put('/addresses/:id', async (req, res) => {
  await prisma.address.update({ where: { id: req.params.id }, data: { street: req.body.street, zip: req.body.zip } }); // vuln: validation
  res.sendStatus(204);
});

app.put('/v2/addresses/:id', async (req, res) => {
  const { value, error } = addressSchema.validate(req.body);
  if (error) return res.status(400).json({ error: error.message });
  const id = Joi.attempt(req.params.id, Joi.string().uuid());
  await prisma.address.update({ where: { id }, data: { street: value.street, zip: value.zip } }); // safe: validation
  res.sendStatus(204);
});

app.put(
  '/v3/addresses/:id',
  celebrate({ [Segments.BODY]: addressSchema, [Segments.PARAMS]: Joi.object({ id: Joi.string().uuid() }) }),
  async (req, res) => {
    await prisma.address.update({ where: { id: req.params.id }, data: { street: req.body.street, zip: req.body.zip } }); // safe: validation
    res.sendStatus(204);
  }
);
