'use strict';
const express = require('express');
const { createHandler } = require('graphql-http/lib/use/express');
const schema = require('./rootvalue/schema');
const { root } = require('./rootvalue/root');
const { runBatch, invoiceRoot } = require('./rootvalue/invoices');

const app = express();
app.use(express.json({ limit: '100kb' }));
app.all('/graphql', createHandler({ schema, rootValue: { ...root, ...invoiceRoot } }));
app.post('/graphql/batch', runBatch);

app.listen(process.env.PORT || 4000);
