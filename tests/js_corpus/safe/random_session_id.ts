import { randomBytes } from 'crypto';

function randomString(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

export function createSession(userId: string) {
  const sessionId = randomString(32);
  sessions.set(sessionId, { userId, createdAt: Date.now() });
  return sessionId;
}
