const express = require('express');
const oracledb = require('oracledb');
const { Model } = require('objection');
const pgp = require('pg-promise')();

const db = pgp('postgres://localhost/app');
const router = express.Router();

class Book extends Model {
  static get tableName() {
    return 'books';
  }
}

router.get('/books', async (req, res) => {
  const conn = await oracledb.getConnection();
  const result = await conn.execute(`SELECT * FROM books WHERE author = '${req.query.author}'`); // vuln: sql
  res.json(result.rows);
});

router.get('/books-safe', async (req, res) => {
  const conn = await oracledb.getConnection();
  const result = await conn.execute('SELECT * FROM books WHERE author = :author', { author: req.query.author }); // safe: sql
  res.json(result.rows);
});

router.get('/books/sorted', async (req, res) => {
  const books = await Book.query().orderByRaw(`${req.query.column} ASC`); // vuln: sql
  res.json(books);
});

router.get('/books/sorted-safe', async (req, res) => {
  const column = ['title', 'year'].includes(req.query.column) ? req.query.column : 'title';
  const books = await Book.query().orderBy(column, 'asc'); // safe: sql
  res.json(books);
});

router.get('/books/:isbn', async (req, res) => {
  const book = await db.oneOrNone('SELECT * FROM books WHERE isbn = ' + req.params.isbn); // vuln: sql
  res.json(book);
});

router.get('/books-safe/:isbn', async (req, res) => {
  const book = await db.oneOrNone('SELECT * FROM books WHERE isbn = $1', [req.params.isbn]); // safe: sql
  res.json(book);
});

module.exports = router;
