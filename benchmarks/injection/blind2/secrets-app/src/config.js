'use strict';

module.exports = {
  currency: 'EUR',
  features: { invoicesV2: process.env.FEATURE_INVOICES_V2 === '1' },
  stripeKey: process.env.STRIPE_SECRET_KEY,
  databaseUrl: process.env.DATABASE_URL,
  jwtKey: process.env.JWT_KEY,
};
