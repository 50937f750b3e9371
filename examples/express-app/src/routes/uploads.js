const express = require('express');
const multer = require('multer');
const path = require('path');

const router = express.Router();
const upload = multer({ dest: 'uploads/' });

router.post('/', upload.single('invoice'), (req, res) => {
  res.json({ stored: req.file.filename });
});

router.get('/:name', (req, res) => {
  res.sendFile(path.join(__dirname, '..', '..', 'uploads', req.params.name));
});

module.exports = router;
