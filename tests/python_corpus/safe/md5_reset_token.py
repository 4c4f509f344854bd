import secrets

from models import PasswordReset, db


def create_password_reset(user):
    reset_token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token=reset_token))
    db.session.commit()
    return reset_token
