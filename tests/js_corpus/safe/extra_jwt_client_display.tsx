import { jwtDecode } from 'jwt-decode';

export function SessionBadge({ token }: { token: string }) {
  const claims = jwtDecode<{ name: string; exp: number }>(token);
  const expires = new Date(claims.exp * 1000).toLocaleTimeString();
  return <span title={`Session ends at ${expires}`}>{claims.name}</span>;
}
