import { createCipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-cbc';

export function encryptToken(plaintext, key) {
  const iv = randomBytes(16);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  return iv.toString('hex') + ':' + cipher.update(plaintext, 'utf8', 'hex') + cipher.final('hex');
}
