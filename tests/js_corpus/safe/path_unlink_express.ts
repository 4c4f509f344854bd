import { Router, Request, Response } from 'express';
import fs from 'fs/promises';
import path from 'path';

const router = Router();
const AVATAR_ROOT = path.resolve('public/avatars');

router.delete('/avatars', async (req: Request, res: Response) => {
  const target = path.resolve(AVATAR_ROOT, req.body.fileName);
  if (!target.startsWith(AVATAR_ROOT + path.sep)) {
    return res.status(400).json({ error: 'Invalid file name' });
  }
  await fs.unlink(target);
  res.sendStatus(204);
});

export default router;
