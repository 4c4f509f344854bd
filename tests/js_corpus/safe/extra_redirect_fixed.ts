import { Request, Response } from 'express';

export function requireLogin(req: Request, res: Response, next: () => void) {
  if (!req.session?.userId) {
    return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  }
  next();
}
