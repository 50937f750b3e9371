const express = require('express');
const { makeThumbnail, makeThumbnailSafe } = require('./thumbnailService');

const app = express();
app.use(express.json());

app.post('/media/:file/thumbnail', async (req, res) => {
  const out = await makeThumbnail(req.params.file, req.body.width || 200);
  res.json({ thumbnail: out });
});

app.post('/v2/media/:file/thumbnail', async (req, res) => {
  const out = await makeThumbnailSafe(req.params.file, req.body.width || 200);
  res.json({ thumbnail: out });
});

module.exports = app;
