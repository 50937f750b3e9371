const express = require('express');
const session = require('express-session');
const bodyParser = require('body-parser');

const ordersRouter = require('./routes/orders');
const authRouter = require('./routes/auth');
const uploadsRouter = require('./routes/uploads');

const app = express();

app.use(bodyParser.json({ limit: '50mb' }));
app.use(express.urlencoded({ extended: true }));

app.use(
  session({
    secret: 'keyboard cat',
    resave: false,
    saveUninitialized: true,
    cookie: { maxAge: 86400000 },
  })
);

app.use(express.static('public'));

app.use('/auth', authRouter);
app.use('/orders', ordersRouter);
app.use('/uploads', uploadsRouter);

// Error handler: sends the whole error to the client.
app.use((err, req, res, next) => {
  res.status(500).json({ message: err.message, stack: err.stack });
});

module.exports = app;
