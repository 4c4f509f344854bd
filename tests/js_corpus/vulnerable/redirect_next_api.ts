// cwe: CWE-601
import type { NextApiRequest, NextApiResponse } from 'next';

export default function logout(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Set-Cookie', 'session=; Path=/; Max-Age=0; HttpOnly');
  const next = req.query.next as string;
  res.redirect(302, next);
}
