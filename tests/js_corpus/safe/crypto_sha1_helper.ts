import { randomBytes, scryptSync, timingSafeEqual } from 'crypto';

export function hashPassword(plain: string): string {
  const salt = randomBytes(16);
  return salt.toString('hex') + ':' + scryptSync(plain, salt, 64).toString('hex');
}

export function verifyPassword(plain: string, stored: string): boolean {
  const [salt, hash] = stored.split(':');
  const candidate = scryptSync(plain, Buffer.from(salt, 'hex'), 64);
  return timingSafeEqual(candidate, Buffer.from(hash, 'hex'));
}
