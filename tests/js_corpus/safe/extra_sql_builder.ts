import { Pool } from 'pg';

const pool = new Pool();
const TABLE = 'audit_log';

export async function recentEntries(limit: number) {
  const sql = `SELECT * FROM ${TABLE} ORDER BY created_at DESC LIMIT $1`;
  const { rows } = await pool.query(sql, [Math.min(limit, 100)]);
  return rows;
}

export async function countByAction(action: string) {
  const { rows } = await pool.query('SELECT count(*) FROM ' + TABLE + ' WHERE action = $1', [action]);
  return Number(rows[0].count);
}
