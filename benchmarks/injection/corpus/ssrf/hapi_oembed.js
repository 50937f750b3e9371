const Wreck = require('@hapi/wreck');
const axios = require('axios');

module.exports = {
  method: 'GET',
  path: '/oembed',
  handler: async (request) => {
    const provider = request.query.provider;
    const { payload } = await Wreck.get(provider + '/oembed?format=json', { json: true }); // vuln: ssrf
    const extra = await axios.get('https://oembed.example.com/providers.json'); // safe: ssrf
    return { payload, providers: extra.data };
  },
};
