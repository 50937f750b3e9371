'use strict';

const express = require('express');
const productService = require('./productService');

const router = express.Router();

router.get('/search', async (req, res, next) => {
  try {
    const items = await productService.search(req.query);
    res.json({ items });
  } catch (err) {
    next(err);
  }
});

router.get('/v2/search', async (req, res, next) => {
  try {
    const items = await productService.searchSafe(req.query);
    res.json({ items });
  } catch (err) {
    next(err);
  }
});

router.get('/categories/:categoryId/products', async (req, res, next) => {
  try {
    res.json(await productService.byCategory(req.params.categoryId));
  } catch (err) {
    next(err);
  }
});

router.get('/v2/categories/:categoryId/products', async (req, res, next) => {
  try {
    res.json(await productService.byCategorySafe(req.params.categoryId));
  } catch (err) {
    next(err);
  }
});

module.exports = router;
