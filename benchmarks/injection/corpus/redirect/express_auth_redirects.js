const express = require('express');
const router = express.Router();

function isLocalPath(target) {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//');
}

router.post('/login', async (req, res) => {
  const next = req.query.next || '/';
  await req.session.regenerate();
  res.redirect(next); // vuln: redirect
});

router.post('/login-safe', async (req, res) => {
  const next = req.query.next || '/';
  await req.session.regenerate();
  res.redirect(isLocalPath(next) ? next : '/'); // safe: redirect
});

router.get('/logout', (req, res) => {
  req.session.destroy(() => {
    res.redirect(302, req.query.returnTo); // vuln: redirect
  });
});

router.get('/logout-safe', (req, res) => {
  req.session.destroy(() => {
    res.redirect(302, '/goodbye'); // safe: redirect
  });
});

router.get('/out', (req, res) => {
  const url = req.query.url;
  res.writeHead(302, { Location: url }); // vuln: redirect
  res.end();
});

router.get('/lang/:code', (req, res) => {
  res.redirect(`/${encodeURIComponent(req.params.code)}/home`); // safe: redirect
});

router.get('/back', (req, res) => {
  res.location(req.get('referer')); // vuln: redirect
  res.sendStatus(302);
});

module.exports = router;
