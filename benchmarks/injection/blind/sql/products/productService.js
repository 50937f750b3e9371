'use strict';

const repo = require('./productRepository');

class ProductService {
  async search({ q, limit }) {
    const max = Math.min(Number(limit) || 20, 100);
    return repo.searchByName(q, max);
  }

  async searchSafe({ q, limit }) {
    const max = Math.min(Number(limit) || 20, 100);
    return repo.searchByNameSafe(q, max);
  }

  async byCategory(categoryId) {
    return repo.findInCategory(categoryId);
  }

  async byCategorySafe(categoryId) {
    return repo.findInCategorySafe(categoryId);
  }
}

module.exports = new ProductService();
