const { randomBytes } = require('crypto');

function generateApiKey() {
  return 'sk_' + randomBytes(20).toString('hex');
}

module.exports = { generateApiKey };
