// cwe: CWE-347
const jwt = require('jsonwebtoken');

function isAdmin(req) {
  const token = req.cookies.token;
  const claims = jwt.decode(token);
  return claims && claims.role === 'admin';
}

module.exports = function adminOnly(req, res, next) {
  if (!isAdmin(req)) return res.status(403).end();
  next();
};
