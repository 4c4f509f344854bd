import secrets
from datetime import datetime, timedelta


def create_reset_token(user):
    token = secrets.token_urlsafe(32)
    user.reset_token = token
    user.reset_expires = datetime.utcnow() + timedelta(hours=1)
    return token
