// cwe: CWE-916
const crypto = require('crypto');

class AuthService {
  constructor(userRepository) {
    this.users = userRepository;
  }

  async signup(email, password) {
    const salt = crypto.randomBytes(8).toString('hex');
    const hash = crypto.createHash('sha256').update(salt + password).digest('hex');
    return this.users.insert({ email, salt, hash });
  }
}

module.exports = AuthService;
