import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '../../lib/prisma';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const category = String(req.query.category);
  const products = await prisma.$queryRaw`SELECT * FROM "Product" WHERE category = ${category} ORDER BY "createdAt" DESC`;
  res.status(200).json(products);
}
