const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { sequelize } = require('./models');

const app = new Koa();
const router = new Router();

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body;
  const [users] = await sequelize.query(
    'SELECT * FROM users WHERE email = :email AND active = 1',
    { replacements: { email } }
  );
  if (!users.length) {
    ctx.status = 401;
    return;
  }
  ctx.body = { ok: await checkPassword(users[0], password) };
});

app.use(bodyParser()).use(router.routes());
app.listen(3000);
