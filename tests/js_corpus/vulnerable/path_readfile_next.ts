// cwe: CWE-22
import type { NextApiRequest, NextApiResponse } from 'next';
import { promises as fs } from 'fs';
import path from 'path';

const DOCS_DIR = path.join(process.cwd(), 'content', 'docs');

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { slug } = req.query;
  const file = path.join(DOCS_DIR, `${slug}.md`);
  try {
    const markdown = await fs.readFile(file, 'utf8');
    res.status(200).json({ markdown });
  } catch {
    res.status(404).json({ error: 'Not found' });
  }
}
