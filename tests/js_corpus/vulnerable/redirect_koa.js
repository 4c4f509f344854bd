// cwe: CWE-601
const Router = require('@koa/router');
const router = new Router();

router.get('/out', (ctx) => {
  const target = ctx.query.url;
  ctx.status = 302;
  ctx.redirect(target);
});

module.exports = router;
