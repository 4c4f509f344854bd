# cwe: CWE-798
import jwt
from datetime import datetime, timedelta


def create_access_token(user_id: int) -> str:
    payload = {"sub": str(user_id), "exp": datetime.utcnow() + timedelta(minutes=30)}
    return jwt.encode(payload, "change-this-secret-key", algorithm="HS256")
