// cwe: CWE-22
import { Router, Request, Response } from 'express';
import fs from 'fs/promises';
import path from 'path';

const router = Router();

router.delete('/avatars', async (req: Request, res: Response) => {
  const target = path.resolve('public/avatars', req.body.fileName);
  await fs.unlink(target);
  res.sendStatus(204);
});

export default router;
