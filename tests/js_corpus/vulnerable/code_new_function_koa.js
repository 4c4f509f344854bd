// cwe: CWE-95
const Router = require('@koa/router');
const router = new Router();

router.get('/reports/filter', async (ctx) => {
  const condition = ctx.query.where;
  const predicate = new Function('row', `return ${condition};`);
  const rows = await loadRows();
  ctx.body = rows.filter((row) => predicate(row));
});

module.exports = router;
