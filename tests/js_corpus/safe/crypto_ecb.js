const crypto = require('crypto');

const key = Buffer.from(process.env.CARD_KEY, 'hex');

function encryptCardNumber(cardNumber) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(cardNumber, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

module.exports = { encryptCardNumber };
