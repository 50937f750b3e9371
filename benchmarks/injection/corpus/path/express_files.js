const express = require('express');
const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');

const app = express();
const UPLOAD_DIR = path.join(__dirname, 'uploads');

app.get('/files/:name', (req, res) => {
  const filePath = path.join(UPLOAD_DIR, req.params.name);
  fs.readFile(filePath, (err, data) => { // vuln: path
    if (err) return res.status(404).end();
    res.type('application/octet-stream').send(data);
  });
});

app.get('/files-safe/:name', (req, res) => {
  const filePath = path.join(UPLOAD_DIR, path.basename(req.params.name));
  fs.readFile(filePath, (err, data) => { // safe: path
    if (err) return res.status(404).end();
    res.type('application/octet-stream').send(data);
  });
});

app.get('/download', (req, res) => {
  res.download(req.query.file); // vuln: path
});

app.get('/download-safe', (req, res) => {
  res.download(path.basename(req.query.file), { root: UPLOAD_DIR }); // safe: path
});

app.get('/view', (req, res) => {
  res.sendFile(path.resolve(UPLOAD_DIR, req.query.doc)); // vuln: path
});

app.get('/view-safe', (req, res) => {
  res.sendFile(req.query.doc, { root: UPLOAD_DIR }); // safe: path
});

app.delete('/files/:name', async (req, res) => {
  await fsp.unlink(`${UPLOAD_DIR}/${req.params.name}`); // vuln: path
  res.sendStatus(204);
});

app.delete('/files-safe/:name', async (req, res) => {
  const target = path.resolve(UPLOAD_DIR, req.params.name);
  if (!target.startsWith(UPLOAD_DIR + path.sep)) return res.sendStatus(400);
  await fsp.unlink(target); // safe: path
  res.sendStatus(204);
});

app.use('/static', express.static(path.join(__dirname, 'public'))); // safe: path

module.exports = app;
