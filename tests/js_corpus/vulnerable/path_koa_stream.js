// cwe: CWE-22
const fs = require('fs');
const Router = require('@koa/router');

const router = new Router();

function attachmentPath(fileName) {
  return __dirname + '/attachments/' + fileName;
}

router.get('/attachments/:file', (ctx) => {
  ctx.type = 'application/octet-stream';
  ctx.body = fs.createReadStream(attachmentPath(ctx.params.file));
});

module.exports = router;
