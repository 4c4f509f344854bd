const jwt = require('jsonwebtoken');

module.exports = function verifySession(token) {
  return jwt.verify(token, process.env.SESSION_SECRET, {
    algorithms: ['HS256'],
    maxAge: '8h',
  });
};
