const crypto = require('crypto');
const fs = require('fs');

function etagFor(filePath) {
  const content = fs.readFileSync(filePath);
  return '"' + crypto.createHash('md5').update(content).digest('hex') + '"';
}

module.exports = { etagFor };
