// cwe: CWE-338
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHABET.charAt(Math.floor(Math.random() * ALPHABET.length));
  }
  return out;
}

export function createSession(userId: string) {
  const sessionId = randomString(32);
  sessions.set(sessionId, { userId, createdAt: Date.now() });
  return sessionId;
}
