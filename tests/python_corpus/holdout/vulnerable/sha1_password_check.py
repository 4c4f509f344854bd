# cwe: CWE-916
import hashlib

from models import User


def authenticate(username, password):
    user = User.get_by_username(username)
    if not user:
        return None
    hashed = hashlib.sha1(password.encode()).hexdigest()
    return user if user.password_hash == hashed else None
