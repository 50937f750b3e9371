const express = require('express');
const userService = require('./userService');

const router = express.Router();

router.post('/users', async (req, res) => {
  const user = await userService.register(req.body);
  res.status(201).json({ id: user.id });
});

router.post('/v2/users', async (req, res) => {
  const user = await userService.registerSafe(req.body);
  res.status(201).json({ id: user.id });
});

router.put('/me', async (req, res) => {
  res.json(await userService.updateProfile(req.user.id, req.body));
});

router.put('/v2/me', async (req, res) => {
  res.json(await userService.updateProfileSafe(req.user.id, req.body));
});

module.exports = router;
