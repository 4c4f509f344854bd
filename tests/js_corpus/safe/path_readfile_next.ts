import type { NextApiRequest, NextApiResponse } from 'next';
import { promises as fs } from 'fs';
import path from 'path';

const DOCS_DIR = path.join(process.cwd(), 'content', 'docs');

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { slug } = req.query;
  const file = path.resolve(DOCS_DIR, `${slug}.md`);
  if (!file.startsWith(DOCS_DIR + path.sep)) {
    return res.status(400).json({ error: 'Invalid document' });
  }
  try {
    const markdown = await fs.readFile(file, 'utf8');
    res.status(200).json({ markdown });
  } catch {
    res.status(404).json({ error: 'Not found' });
  }
}
