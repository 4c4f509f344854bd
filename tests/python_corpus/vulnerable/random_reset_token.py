# cwe: CWE-338
import random
import string
from datetime import datetime, timedelta


def create_reset_token(user):
    token = "".join(random.choices(string.ascii_letters + string.digits, k=32))
    user.reset_token = token
    user.reset_expires = datetime.utcnow() + timedelta(hours=1)
    return token
