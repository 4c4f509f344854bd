const crypto = require('crypto');
const express = require('express');
const router = express.Router();

router.post('/forgot-password', async (req, res) => {
  const user = await User.findOne({ email: String(req.body.email) });
  if (user) {
    const resetToken = crypto.randomBytes(32).toString('hex');
    user.resetToken = resetToken;
    user.resetTokenExpires = Date.now() + 3600 * 1000;
    await user.save();
    await sendResetEmail(user.email, resetToken);
  }
  res.json({ message: 'If the account exists, an email was sent' });
});

module.exports = router;
