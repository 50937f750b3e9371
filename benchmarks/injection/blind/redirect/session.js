const express = require('express');
const passport = require('passport');

const router = express.Router();

function isLocalPath(target) {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\');
}

router.post('/login', passport.authenticate('local', { failureRedirect: '/login?error=1' }), (req, res) => {
  res.redirect(req.query.next || '/dashboard'); // vuln: redirect
});

router.post('/v2/login', passport.authenticate('local', { failureRedirect: '/login?error=1' }), (req, res) => {
  const next = isLocalPath(req.query.next) ? req.query.next : '/dashboard';
  res.redirect(next); // safe: redirect
});

router.get('/logout', (req, res) => {
  const returnTo = req.session.returnTo || req.get('referer') || req.query.returnTo;
  req.logout(() => {
    res.redirect(303, req.query.returnTo || returnTo); // vuln: redirect
  });
});

router.get('/v2/logout', (req, res) => {
  req.logout(() => {
    res.redirect(303, `/goodbye?from=${encodeURIComponent(req.query.returnTo || '')}`); // safe: redirect
  });
});

module.exports = router;
