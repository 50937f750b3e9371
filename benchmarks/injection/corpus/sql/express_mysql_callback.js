const mysql = require('mysql');
const express = require('express');
const validator = require('validator');

const connection = mysql.createConnection({ host: 'localhost', user: 'root', database: 'blog' });
const app = express();
app.use(express.urlencoded({ extended: false }));

app.post('/login', (req, res) => {
  const username = req.body.username;
  const password = req.body.password;
  connection.query(
    "SELECT * FROM users WHERE username = '" + username + "' AND password = '" + password + "'", // vuln: sql
    (error, results) => {
      if (error || results.length === 0) return res.status(401).send('Invalid');
      res.redirect('/dashboard');
    }
  );
});

app.post('/login-safe', (req, res) => {
  const username = req.body.username;
  const password = req.body.password;
  connection.query(
    'SELECT * FROM users WHERE username = ? AND password_hash = SHA2(?, 256)', // safe: sql
    [username, password],
    (error, results) => {
      if (error || results.length === 0) return res.status(401).send('Invalid');
      res.redirect('/dashboard');
    }
  );
});

app.get('/posts', (req, res) => {
  let sql = 'SELECT * FROM posts WHERE 1=1';
  if (req.query.author) {
    sql += " AND author = '" + req.query.author + "'";
  }
  connection.query(sql, (err, rows) => res.json(rows)); // vuln: sql
});

app.get('/posts-safe', (req, res) => {
  let sql = 'SELECT * FROM posts WHERE 1=1';
  const params = [];
  if (req.query.author) {
    sql += ' AND author = ?';
    params.push(req.query.author);
  }
  connection.query(sql, params, (err, rows) => res.json(rows)); // safe: sql
});

app.get('/posts/by-email', (req, res) => {
  const email = req.query.email;
  if (!validator.isEmail(email)) return res.status(400).end();
  connection.query(`SELECT * FROM posts WHERE author_email = '${email}'`, (err, rows) => res.json(rows)); // safe: sql
});

app.get('/posts/escaped', (req, res) => {
  const author = connection.escape(req.query.author);
  connection.query('SELECT * FROM posts WHERE author = ' + author, (err, rows) => res.json(rows)); // safe: sql
});

module.exports = app;
