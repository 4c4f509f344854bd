import crypto from 'crypto';

const KEY = Buffer.from(process.env.ENCRYPTION_KEY as string, 'hex');

export function encryptSsn(ssn: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const data = Buffer.concat([cipher.update(ssn, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}
