import bcrypt

from models import User


def authenticate(username, password):
    user = User.get_by_username(username)
    if not user:
        return None
    return user if bcrypt.checkpw(password.encode(), user.password_hash) else None
