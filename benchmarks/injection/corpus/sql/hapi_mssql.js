const Hapi = require('@hapi/hapi');
const sql = require('mssql');

async function buildServer() {
  const server = Hapi.server({ port: 3000 });
  const pool = await sql.connect(process.env.MSSQL_URL);

  server.route({
    method: 'GET',
    path: '/employees',
    handler: async (request, h) => {
      const dept = request.query.department;
      const result = await pool.request().query(`SELECT * FROM employees WHERE dept = '${dept}'`); // vuln: sql
      return result.recordset;
    },
  });

  server.route({
    method: 'GET',
    path: '/employees-safe',
    handler: async (request, h) => {
      const dept = request.query.department;
      const result = await pool
        .request()
        .input('dept', sql.NVarChar, dept)
        .query('SELECT * FROM employees WHERE dept = @dept'); // safe: sql
      return result.recordset;
    },
  });

  server.route({
    method: 'POST',
    path: '/employees/{id}/notes',
    handler: async (request, h) => {
      const { note } = request.payload;
      const stmt = "INSERT INTO notes (employee_id, body) VALUES (" + request.params.id + ", '" + note + "')";
      await pool.request().query(stmt); // vuln: sql
      return h.response().code(201);
    },
  });

  server.route({
    method: 'POST',
    path: '/employees-safe/{id}/notes',
    handler: async (request, h) => {
      const { note } = request.payload;
      await pool
        .request()
        .input('id', sql.Int, request.params.id)
        .input('note', sql.NVarChar, note)
        .query('INSERT INTO notes (employee_id, body) VALUES (@id, @note)'); // safe: sql
      return h.response().code(201);
    },
  });

  return server;
}

module.exports = { buildServer };
