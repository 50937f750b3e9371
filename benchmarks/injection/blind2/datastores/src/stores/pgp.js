'use strict';
const pgp = require('pg-promise')({ capSQL: true });

module.exports = pgp(process.env.DATABASE_URL);
