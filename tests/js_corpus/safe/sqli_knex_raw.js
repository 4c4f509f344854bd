const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

const SORTABLE = ['created_at', 'total', 'status'];

async function listOrders(req, res) {
  const requested = req.query.sort;
  const sortColumn = SORTABLE.includes(requested) ? requested : 'created_at';
  const direction = req.query.dir === 'asc' ? 'ASC' : 'DESC';
  const rows = await knex.raw(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ${sortColumn} ${direction}`, [req.user.id]);
  res.json(rows.rows);
}

module.exports = { listOrders };
