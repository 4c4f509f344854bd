const bcrypt = require('bcrypt');
const { User } = require('../models');

async function register(req, res) {
  const { email, password } = req.body;
  const passwordHash = await bcrypt.hash(password, 12);
  const user = await User.create({ email, passwordHash });
  res.status(201).json({ id: user.id });
}

module.exports = { register };
