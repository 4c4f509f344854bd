# cwe: CWE-338
import random
import string

SESSIONS = {}


def new_session(user_id):
    session_id = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(24))
    SESSIONS[session_id] = user_id
    return session_id
