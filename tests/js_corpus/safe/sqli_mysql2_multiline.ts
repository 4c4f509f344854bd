import { Router } from 'express';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.MYSQL_URL });
export const ordersRouter = Router();

ordersRouter.get('/orders', async (req, res) => {
  const status = req.query.status;
  const from = req.query.from;
  let sql = 'SELECT * FROM orders WHERE 1 = 1';
  const params: unknown[] = [];
  if (status) {
    sql += ' AND status = ?';
    params.push(status);
  }
  if (from) {
    sql += ' AND created_at >= ?';
    params.push(from);
  }
  const [rows] = await pool.execute(sql, params);
  res.json(rows);
});
