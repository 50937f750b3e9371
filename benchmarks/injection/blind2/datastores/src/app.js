'use strict';
const express = require('express');

const app = express();
app.use(express.json());
app.use('/pg', require('./routes/pgp'));
app.use('/dynamo', require('./routes/dynamo'));
app.use('/graph', require('./routes/graph'));
app.use('/wide', require('./routes/wide'));
app.use('/docs', require('./routes/mongo'));
app.listen(3300);
