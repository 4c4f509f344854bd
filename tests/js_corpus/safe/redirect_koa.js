const Router = require('@koa/router');
const router = new Router();

const ALLOWED_HOSTS = new Set(['docs.example.com', 'status.example.com']);

router.get('/out', (ctx) => {
  let target;
  try {
    target = new URL(ctx.query.url);
  } catch {
    ctx.throw(400, 'Invalid URL');
  }
  if (!ALLOWED_HOSTS.has(target.hostname)) {
    ctx.throw(400, 'Destination not allowed');
  }
  ctx.redirect(target.toString());
});

module.exports = router;
