// cwe: CWE-95
const Koa = require('koa');
const app = new Koa();

function renderTemplate(template, data) {
  return template.replace(/\{\{(.+?)\}\}/g, (_, expr) => eval('data.' + expr.trim()));
}

app.use(async (ctx) => {
  const template = ctx.query.tpl || 'Hello {{name}}';
  ctx.body = renderTemplate(template, { name: 'visitor' });
});

app.listen(3000);
