// cwe: CWE-327
const crypto = require('crypto');

const key = Buffer.from(process.env.CARD_KEY, 'hex');

function encryptCardNumber(cardNumber) {
  const cipher = crypto.createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(cardNumber, 'utf8'), cipher.final()]).toString('base64');
}

module.exports = { encryptCardNumber };
