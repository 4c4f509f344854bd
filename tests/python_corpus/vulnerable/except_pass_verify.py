# cwe: CWE-390
import jwt


def current_user_id(token, secret):
    user_id = None
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"])
        user_id = claims["sub"]
    except Exception:
        pass
    return user_id or token
