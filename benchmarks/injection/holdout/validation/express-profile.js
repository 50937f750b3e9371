const express = require('express');
const Joi = require('joi');
const { Profile } = require('../models');

const router = express.Router();
const schema = Joi.object({ bio: Joi.string().max(500), website: Joi.string().uri() });

router.put('/profile', async (req, res) => {
  await Profile.update({ bio: req.body.bio, website: req.body.website }, { where: { userId: req.user.id } }); // vuln: validation
  res.sendStatus(204);
});

router.put('/v2/profile', async (req, res) => {
  const { error, value } = schema.validate(req.body);
  if (error) return res.status(400).json({ error: error.message });
  await Profile.update({ bio: value.bio, website: value.website }, { where: { userId: req.user.id } }); // safe: validation
  res.sendStatus(204);
});

module.exports = router;
