const cors = require('cors');

const corsOptions = {
  origin: true,
  credentials: true,
};

function applySecurity(app) {
  app.use(cors(corsOptions));
}

module.exports = { applySecurity };
