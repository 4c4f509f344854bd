// cwe: CWE-89
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

async function listOrders(req, res) {
  const sortColumn = req.query.sort || 'created_at';
  const direction = req.query.dir === 'asc' ? 'ASC' : 'DESC';
  const rows = await knex.raw(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ${sortColumn} ${direction}`, [req.user.id]);
  res.json(rows.rows);
}

module.exports = { listOrders };
