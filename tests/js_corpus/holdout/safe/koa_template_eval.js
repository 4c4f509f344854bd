const Koa = require('koa');
const app = new Koa();

function renderTemplate(template, data) {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key) => (key in data ? String(data[key]) : ''));
}

app.use(async (ctx) => {
  const template = ctx.query.tpl || 'Hello {{name}}';
  ctx.type = 'text/plain';
  ctx.body = renderTemplate(template, { name: 'visitor' });
});

app.listen(3000);
