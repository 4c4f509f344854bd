import secrets

SESSIONS = {}


def new_session(user_id):
    session_id = secrets.token_urlsafe(24)
    SESSIONS[session_id] = user_id
    return session_id
