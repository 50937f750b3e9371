'use strict';
// Copy to config.js and fill in real values. Never commit config.js.
module.exports = {
  github: { token: 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }, // safe: secret
  slack: { botToken: 'xoxb-your-bot-token-here' }, // safe: secret
  stripe: { secretKey: 'sk_live_REPLACE_ME' }, // safe: secret
};
