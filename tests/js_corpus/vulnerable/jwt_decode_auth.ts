// cwe: CWE-347
import { NextFunction, Request, Response } from 'express';
import jwt, { JwtPayload } from 'jsonwebtoken';

export function authenticate(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) {
    return res.status(401).json({ message: 'Missing token' });
  }
  const payload = jwt.decode(header.slice(7)) as JwtPayload | null;
  if (!payload || !payload.sub) {
    return res.status(401).json({ message: 'Invalid token' });
  }
  (req as any).userId = payload.sub;
  next();
}
