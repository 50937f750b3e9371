const { Pool } = require('pg');

const pool = new Pool();

class UserService {
  async findByName(name) {
    const { rows } = await pool.query(`SELECT id, name FROM users WHERE name = '${name}'`); // vuln: sql
    return rows;
  }

  async findByNameSafe(name) {
    const { rows } = await pool.query('SELECT id, name FROM users WHERE name = $1', [name]); // safe: sql
    return rows;
  }
}

module.exports = new UserService();
