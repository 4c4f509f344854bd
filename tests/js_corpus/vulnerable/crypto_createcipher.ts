// cwe: CWE-327
import crypto from 'crypto';

const KEY = process.env.ENCRYPTION_KEY as string;

export function encryptSsn(ssn: string): string {
  const cipher = crypto.createCipher('aes-256-cbc', KEY);
  return cipher.update(ssn, 'utf8', 'hex') + cipher.final('hex');
}
