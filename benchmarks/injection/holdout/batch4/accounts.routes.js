const express = require('express');
const mysql = require('mysql2');
const { Op } = require('sequelize');
const { Account, AuditLog } = require('../models');

const connection = mysql.createConnection({ host: 'db' });
const router = express.Router();

async function searchAccounts(req, res) {
  const q = req.query.q;
  const [rows] = await connection.promise().query(`SELECT * FROM accounts WHERE name LIKE '%${q}%'`); // vuln: sql
  res.json(rows);
}

async function searchAccountsSafe(req, res) {
  const rows = await Account.findAll({ where: { name: { [Op.like]: `%${req.query.q}%` } } }); // safe: sql
  res.json(rows);
}

async function updateAccount(req, res) {
  const account = await Account.findByPk(req.params.id);
  await account.update(req.body); // vuln: mass
  res.json(account);
}

async function updateAccountSafe(req, res) {
  const account = await Account.findByPk(req.params.id);
  await account.update({ displayName: String(req.body.displayName) }); // safe: mass
  res.json(account);
}

async function stats(req, res) {
  const rows = await AuditLog.aggregate([{ $match: req.body.match }, { $group: { _id: '$action', n: { $sum: 1 } } }]); // vuln: nosql
  res.json(rows);
}

async function statsSafe(req, res) {
  const rows = await AuditLog.aggregate([{ $match: { action: String(req.body.action) } }]); // safe: nosql
  res.json(rows);
}

router.route('/accounts').get(searchAccounts);
router.route('/accounts-safe').get(searchAccountsSafe);
router.put('/accounts/:id', updateAccount);
router.put('/accounts-safe/:id', updateAccountSafe);
router.post('/audit/stats', stats);
router.post('/audit/stats-safe', statsSafe);

router.post('/logout', (req, res) => {
  res.redirect(req.body.returnTo || '/'); // vuln: redirect
});

router.get('/files', async (req, res) => {
  const base = '/srv/files';
  const data = await require('fs').promises.readFile(require('path').resolve(base, req.query.p)); // vuln: path
  res.send(data);
});

router.get('/api-proxy', async (req, res) => {
  const r = await fetch(new URL(req.query.path, 'https://api.example.com')); // vuln: ssrf
  res.status(r.status).send(await r.text());
});

router.get('/api-proxy-safe', async (req, res) => {
  const r = await fetch(new URL('/v1/' + encodeURIComponent(req.query.path), 'https://api.example.com')); // safe: ssrf
  res.status(r.status).send(await r.text());
});

module.exports = router;
