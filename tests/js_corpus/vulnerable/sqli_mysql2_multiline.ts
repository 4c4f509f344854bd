// cwe: CWE-89
import { Router } from 'express';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.MYSQL_URL });
export const ordersRouter = Router();

ordersRouter.get('/orders', async (req, res) => {
  const status = req.query.status;
  const from = req.query.from;
  let sql = 'SELECT * FROM orders WHERE 1 = 1';
  if (status) {
    sql += ` AND status = '${status}'`;
  }
  if (from) {
    sql += " AND created_at >= '" + from + "'";
  }
  const [rows] = await pool.execute(sql);
  res.json(rows);
});
