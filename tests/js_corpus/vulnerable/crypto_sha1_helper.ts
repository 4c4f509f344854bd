// cwe: CWE-916
import { createHash } from 'crypto';

export function hashPassword(plain: string): string {
  return createHash('sha1').update(plain).digest('hex');
}

export function verifyPassword(plain: string, stored: string): boolean {
  return hashPassword(plain) === stored;
}
