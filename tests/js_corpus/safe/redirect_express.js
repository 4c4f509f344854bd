const express = require('express');
const router = express.Router();

function safeReturnPath(value) {
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) {
    return value;
  }
  return '/dashboard';
}

router.post('/login', async (req, res) => {
  const user = await authenticate(req.body.username, req.body.password);
  if (!user) {
    return res.status(401).render('login', { error: 'Invalid credentials' });
  }
  req.session.userId = user.id;
  res.redirect(safeReturnPath(req.query.returnTo));
});

module.exports = router;
