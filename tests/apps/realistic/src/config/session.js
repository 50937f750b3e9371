const ONE_DAY = 24 * 60 * 60 * 1000;

module.exports.sessionOptions = {
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: ONE_DAY, httpOnly: true, secure: true, sameSite: 'lax' },
};
