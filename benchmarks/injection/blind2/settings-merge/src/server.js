'use strict';
const express = require('express');

const app = express();
app.use(express.json());
app.use('/settings', require('./routes/settings'));
app.listen(3800);
