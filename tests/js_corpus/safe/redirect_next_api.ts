import type { NextApiRequest, NextApiResponse } from 'next';

export default function logout(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Set-Cookie', 'session=; Path=/; Max-Age=0; HttpOnly');
  res.redirect(302, '/login?loggedOut=1');
}
