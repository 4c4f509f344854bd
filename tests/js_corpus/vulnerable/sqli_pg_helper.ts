// cwe: CWE-89
import express, { Request, Response } from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

async function findUsersByName(name: string) {
  const query = "SELECT id, email, display_name FROM users WHERE display_name ILIKE '%" + name + "%'";
  const result = await pool.query(query);
  return result.rows;
}

app.get('/api/users/search', async (req: Request, res: Response) => {
  const name = req.query.name as string;
  const users = await findUsersByName(name);
  res.json(users);
});

export default app;
