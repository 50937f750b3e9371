const functions = require('@google-cloud/functions-framework');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ socketPath: process.env.DB_SOCKET, user: 'reports', password: process.env.DB_PASS, database: 'reports' });

functions.http('monthlyReport', async (req, res) => {
  const [rows] = await pool.query(`SELECT * FROM sales WHERE region = '${req.body.region}' AND month = ${req.body.month}`); // vuln: sql
  res.json(rows);
});

functions.http('monthlyReportSafe', async (req, res) => {
  const [rows] = await pool.query('SELECT * FROM sales WHERE region = ? AND month = ?', [req.body.region, Number(req.body.month)]); // safe: sql
  res.json(rows);
});

exports.legacyReport = async (req, res) => {
  const [rows] = await pool.query('SELECT * FROM sales WHERE region = "' + req.query.region + '"'); // vuln: sql
  res.send(rows);
};

exports.legacyReportSafe = async (req, res) => {
  const [rows] = await pool.query('SELECT * FROM sales WHERE region = ?', [String(req.query.region)]); // safe: sql
  res.send(rows);
};
