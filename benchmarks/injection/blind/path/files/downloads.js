const express = require('express');
const path = require('path');
const fs = require('fs');

const router = express.Router();
const UPLOAD_DIR = path.resolve(process.env.UPLOAD_DIR || './uploads');

router.get('/files/:name', (req, res) => {
  res.sendFile(path.join(UPLOAD_DIR, req.params.name)); // vuln: path
});

router.get('/v2/files/:name', (req, res) => {
  res.sendFile(req.params.name, { root: UPLOAD_DIR, dotfiles: 'deny' }); // safe: path
});

router.get('/attachments', (req, res) => {
  const file = path.resolve(UPLOAD_DIR, req.query.file);
  res.download(file); // vuln: path
});

router.get('/v2/attachments', (req, res) => {
  const file = path.resolve(UPLOAD_DIR, req.query.file);
  if (!file.startsWith(UPLOAD_DIR + path.sep)) {
    return res.status(403).end();
  }
  res.download(file); // safe: path
});

router.delete('/files/:name', async (req, res) => {
  await fs.promises.unlink(`${UPLOAD_DIR}/${req.params.name}`); // vuln: path
  res.status(204).end();
});

router.delete('/v2/files/:name', async (req, res) => {
  await fs.promises.unlink(path.join(UPLOAD_DIR, path.basename(req.params.name))); // safe: path
  res.status(204).end();
});

module.exports = router;
