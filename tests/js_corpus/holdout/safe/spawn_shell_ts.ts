import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Request, Response } from 'express';

const FORMATS = ['mp4', 'webm'];

export function convertVideo(req: Request, res: Response) {
  const { input, format } = req.body as { input: string; format: string };
  if (!FORMATS.includes(format)) {
    return res.status(400).json({ error: 'unsupported format' });
  }
  const ffmpeg = spawn('ffmpeg', ['-i', path.join('uploads', path.basename(input)), `output.${format}`]);
  ffmpeg.on('close', (code) => res.json({ ok: code === 0 }));
}
