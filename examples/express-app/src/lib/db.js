const mysql = require('mysql2');

const pool = mysql.createPool({
  host: process.env.DB_HOST || 'localhost',
  user: 'orders',
  password: process.env.DB_PASSWORD,
  database: 'orders',
});

module.exports = pool;
