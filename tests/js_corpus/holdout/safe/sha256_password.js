const argon2 = require('argon2');

class AuthService {
  constructor(userRepository) {
    this.users = userRepository;
  }

  async signup(email, password) {
    const hash = await argon2.hash(password, { type: argon2.argon2id });
    return this.users.insert({ email, hash });
  }
}

module.exports = AuthService;
