const Router = require('@koa/router');
const router = new Router();

const FILTERS = {
  active: (row) => row.active,
  overdue: (row) => row.dueDate < Date.now(),
};

router.get('/reports/filter', async (ctx) => {
  const predicate = FILTERS[ctx.query.where] || (() => true);
  const rows = await loadRows();
  ctx.body = rows.filter((row) => predicate(row));
});

module.exports = router;
