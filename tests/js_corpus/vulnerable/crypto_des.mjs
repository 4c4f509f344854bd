// cwe: CWE-327
import { createCipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'des-ede3-cbc';

export function encryptToken(plaintext, key) {
  const iv = randomBytes(8);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  return iv.toString('hex') + ':' + cipher.update(plaintext, 'utf8', 'hex') + cipher.final('hex');
}
