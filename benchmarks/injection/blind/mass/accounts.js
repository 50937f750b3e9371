const express = require('express');
const { z } = require('zod');
const Account = require('./models/Account');
const prisma = require('./prisma');

const router = express.Router();

const UpdateAccount = z.object({ displayName: z.string().max(80), timezone: z.string().max(40) });

router.patch('/accounts/:id', async (req, res) => {
  const account = await Account.findByIdAndUpdate(req.params.id, req.body, { new: true }); // vuln: mass
  res.json(account);
});

router.patch('/v2/accounts/:id', async (req, res) => {
  const { displayName, timezone } = req.body;
  const account = await Account.findByIdAndUpdate(req.params.id, { $set: { displayName, timezone } }, { new: true }); // safe: mass
  res.json(account);
});

router.put('/teams/:id', async (req, res) => {
  const team = await prisma.team.update({ where: { id: req.params.id }, data: { ...req.body } }); // vuln: mass
  res.json(team);
});

router.put('/v2/teams/:id', async (req, res) => {
  const data = UpdateAccount.parse(req.body);
  const team = await prisma.team.update({ where: { id: req.params.id }, data }); // safe: mass
  res.json(team);
});

module.exports = router;
