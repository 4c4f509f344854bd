const fs = require('fs');
const path = require('path');
const Router = require('@koa/router');

const router = new Router();

function attachmentPath(fileName) {
  return path.join(__dirname, 'attachments', path.basename(fileName));
}

router.get('/attachments/:file', (ctx) => {
  ctx.type = 'application/octet-stream';
  ctx.body = fs.createReadStream(attachmentPath(ctx.params.file));
});

module.exports = router;
