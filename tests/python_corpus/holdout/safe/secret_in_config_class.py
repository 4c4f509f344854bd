import os
from datetime import datetime, timedelta

import jwt

JWT_SECRET = os.environ["JWT_SECRET"]


def create_access_token(user_id: int) -> str:
    payload = {"sub": str(user_id), "exp": datetime.utcnow() + timedelta(minutes=30)}
    return jwt.encode(payload, JWT_SECRET, algorithm="HS256")
