const API_BASE = process.env.NEXT_PUBLIC_API_BASE ?? 'https://api.example.com';

export async function getProfile(userId: string) {
  const res = await fetch(`${API_BASE}/users/${encodeURIComponent(userId)}`, { credentials: 'include' });
  if (!res.ok) throw new Error(`Request failed: ${res.status}`);
  return res.json();
}

export async function health() {
  return fetch(process.env.HEALTH_URL + '/healthz');
}
