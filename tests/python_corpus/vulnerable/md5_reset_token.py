# cwe: CWE-328
import hashlib
import time

from models import PasswordReset, db


def create_password_reset(user):
    reset_token = hashlib.md5(f"{user.email}{time.time()}".encode()).hexdigest()
    db.session.add(PasswordReset(user_id=user.id, token=reset_token))
    db.session.commit()
    return reset_token
