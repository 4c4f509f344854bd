// cwe: CWE-209
const Koa = require('koa');
const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { error: err.toString(), details: err.stack };
  }
});

module.exports = app;
