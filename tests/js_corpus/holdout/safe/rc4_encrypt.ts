import CryptoJS from 'crypto-js';

export function encryptNote(note: string, passphrase: string): string {
  return CryptoJS.AES.encrypt(note, passphrase).toString();
}
