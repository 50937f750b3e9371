'use strict';
const express = require('express');
const { mergeDeep, mergeDeepGuarded, setByPath, setByPathGuarded, cloneDeep } = require('../utils/objects');

const DEFAULTS = { theme: { mode: 'light', accent: 'blue' }, notifications: { email: true, push: false } };
const store = new Map();
const router = express.Router();

function settingsOf(userId) {
  if (!store.has(userId)) store.set(userId, cloneDeep(DEFAULTS));
  return store.get(userId);
}

router.patch('/:user', (req, res) => {
  res.json(mergeDeep(settingsOf(req.params.user), req.body));
});

router.patch('/:user/safe', (req, res) => {
  res.json(mergeDeepGuarded(settingsOf(req.params.user), req.body));
});

router.put('/:user/field', (req, res) => {
  res.json(setByPath(settingsOf(req.params.user), req.body.path, req.body.value));
});

router.put('/:user/field-safe', (req, res) => {
  res.json(setByPathGuarded(settingsOf(req.params.user), req.body.path, req.body.value));
});

module.exports = router;
