const express = require('express');
const fs = require('fs/promises');
const path = require('path');
const crypto = require('crypto');

const router = express.Router();
const NOTES_DIR = path.join(__dirname, 'notes');

router.post('/drafts', express.text(), async (req, res) => {
  const id = crypto.randomUUID();
  await fs.writeFile(path.join(NOTES_DIR, `${id}.txt`), req.body); // vuln: validation
  res.status(201).json({ id });
});

router.post('/v2/drafts', express.text({ limit: '64kb' }), async (req, res) => {
  if (typeof req.body !== 'string' || req.body.length === 0 || req.body.length > 65536) {
    return res.status(400).json({ error: 'text body of 1..65536 characters required' });
  }
  const id = crypto.randomUUID();
  await fs.writeFile(path.join(NOTES_DIR, `${id}.txt`), req.body); // safe: validation
  res.status(201).json({ id });
});

module.exports = router;
