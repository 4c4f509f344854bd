import os

import jwt
from fastapi import FastAPI, Header, HTTPException

app = FastAPI()
PUBLIC_KEY = open(os.environ["JWT_PUBLIC_KEY_FILE"]).read()


@app.get("/profile")
def profile(authorization: str = Header(...)):
    token = authorization.split(" ")[1]
    try:
        payload = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=401)
    return {"user_id": payload["sub"]}
