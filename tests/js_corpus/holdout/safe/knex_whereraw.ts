import { Request, Response } from 'express';
import { db } from '../db';

export async function searchCustomers(req: Request, res: Response) {
  const { name } = req.query;
  const rows = await db('customers').whereRaw('name ILIKE ?', [`%${name}%`]).limit(25);
  res.json(rows);
}
