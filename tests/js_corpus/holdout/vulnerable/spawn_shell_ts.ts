// cwe: CWE-78
import { spawn } from 'node:child_process';
import type { Request, Response } from 'express';

export function convertVideo(req: Request, res: Response) {
  const { input, format } = req.body as { input: string; format: string };
  const ffmpeg = spawn(`ffmpeg -i uploads/${input} output.${format}`, { shell: true });
  ffmpeg.on('close', (code) => res.json({ ok: code === 0 }));
}
