'use strict';
const express = require('express');

const app = express();
app.use(express.json({ limit: '64kb' }));
app.use('/clients', require('./routes/clients'));
app.use('/render', require('./routes/render'));
app.use('/raw', require('./routes/raw'));
app.listen(8080);
