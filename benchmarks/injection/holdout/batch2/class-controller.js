const express = require('express');
const mysql = require('mysql');
const fs = require('fs');

const pool = mysql.createPool({ host: 'db' });

class InvoiceController {
  list(req, res) {
    const status = req.query.status;
    pool.query({ sql: "SELECT * FROM invoices WHERE status = '" + status + "'", timeout: 4000 }, (e, rows) => res.json(rows)); // vuln: sql
  }

  listSafe(req, res) {
    pool.query({ sql: 'SELECT * FROM invoices WHERE status = ?', timeout: 4000 }, [req.query.status], (e, rows) => res.json(rows)); // safe: sql
  }

  pdf(req, res) {
    const stream = fs.createReadStream(`/srv/invoices/${req.params.file}`); // vuln: path
    stream.pipe(res);
  }

  pdfSafe(req, res) {
    const id = Number.parseInt(req.params.file, 10);
    const stream = fs.createReadStream(`/srv/invoices/${id}.pdf`); // safe: path
    stream.pipe(res);
  }
}

const ctrl = new InvoiceController();
const router = express.Router();
router.get('/invoices', (req, res) => ctrl.list(req, res));
router.get('/invoices-safe', (req, res) => ctrl.listSafe(req, res));
router.get('/invoices/:file', (req, res) => ctrl.pdf(req, res));
router.get('/invoices-safe/:file', (req, res) => ctrl.pdfSafe(req, res));
module.exports = router;
