'use strict';
const express = require('express');
const passport = require('./auth/passport');

const app = express();
app.use(passport.initialize());
app.use('/debug', require('./routes/debug'));
app.get('/auth/google', passport.authenticate('google', { scope: ['profile'] }));
app.listen(3900);
