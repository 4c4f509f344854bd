// cwe: CWE-338
const express = require('express');
const router = express.Router();

router.post('/forgot-password', async (req, res) => {
  const user = await User.findOne({ email: String(req.body.email) });
  if (user) {
    const resetToken = Math.random().toString(36).substring(2) + Date.now().toString(36);
    user.resetToken = resetToken;
    user.resetTokenExpires = Date.now() + 3600 * 1000;
    await user.save();
    await sendResetEmail(user.email, resetToken);
  }
  res.json({ message: 'If the account exists, an email was sent' });
});

module.exports = router;
