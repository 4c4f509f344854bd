const jwt = require('jsonwebtoken');

function isAdmin(req) {
  const token = req.cookies.token;
  try {
    const claims = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
    return claims.role === 'admin';
  } catch {
    return false;
  }
}

module.exports = function adminOnly(req, res, next) {
  if (!isAdmin(req)) return res.status(403).end();
  next();
};
