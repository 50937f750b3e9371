const fs = require('fs');
const Path = require('path');

const AVATARS = Path.join(__dirname, 'avatars');

const routes = [
  {
    method: 'GET',
    path: '/avatar/{user}',
    handler: (request, h) => {
      const stream = fs.createReadStream(Path.join(AVATARS, `${request.params.user}.png`)); // vuln: path
      return h.response(stream).type('image/png');
    },
  },
  {
    method: 'GET',
    path: '/avatar-safe/{user}',
    handler: (request, h) => {
      const id = parseInt(request.params.user, 10);
      const stream = fs.createReadStream(Path.join(AVATARS, `${id}.png`)); // safe: path
      return h.response(stream).type('image/png');
    },
  },
];

module.exports = routes;
