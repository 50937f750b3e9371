const express = require('express');
const _ = require('lodash');
const { User } = require('./models');

const router = express.Router();

router.post('/register', async (req, res) => {
  const user = await User.create(req.body); // vuln: mass
  res.status(201).json({ id: user.id });
});

router.post('/register-safe', async (req, res) => {
  const { email, password, displayName } = req.body;
  const user = await User.create({ email, password, displayName }); // safe: mass
  res.status(201).json({ id: user.id });
});

router.put('/me', async (req, res) => {
  const user = await User.findByPk(req.user.id);
  Object.assign(user, req.body); // vuln: mass
  await user.save();
  res.json(user);
});

router.put('/me-safe', async (req, res) => {
  const user = await User.findByPk(req.user.id);
  Object.assign(user, _.pick(req.body, ['displayName', 'bio'])); // safe: mass
  await user.save();
  res.json(user);
});

router.patch('/me', async (req, res) => {
  await User.update(req.body, { where: { id: req.user.id } }); // vuln: mass
  res.sendStatus(204);
});

router.patch('/me-safe', async (req, res) => {
  await User.update(req.body, { where: { id: req.user.id }, fields: ['displayName', 'bio'] }); // safe: mass
  res.sendStatus(204);
});

module.exports = router;
