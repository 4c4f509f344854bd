// cwe: CWE-601
const express = require('express');
const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await authenticate(req.body.username, req.body.password);
  if (!user) {
    return res.status(401).render('login', { error: 'Invalid credentials' });
  }
  req.session.userId = user.id;
  const returnTo = req.query.returnTo || '/dashboard';
  res.redirect(returnTo);
});

module.exports = router;
