// cwe: CWE-89
import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '../../lib/prisma';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { category } = req.query;
  const products = await prisma.$queryRawUnsafe(
    `SELECT * FROM "Product" WHERE category = '${category}' ORDER BY "createdAt" DESC`
  );
  res.status(200).json(products);
}
