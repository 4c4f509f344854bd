// cwe: CWE-327
import CryptoJS from 'crypto-js';

export function encryptNote(note: string, passphrase: string): string {
  return CryptoJS.RC4.encrypt(note, passphrase).toString();
}
