const escapeHtml = require('escape-html');

exports.handler = async (event) => {
  const name = event.queryStringParameters.name || 'guest';
  if (event.queryStringParameters.plain) {
    return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: `<h1>Welcome, ${escapeHtml(name)}</h1>` }; // safe: xss
  }
  return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: `<h1>Welcome, ${name}</h1>` }; // vuln: xss
};
