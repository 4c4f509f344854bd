# cwe: CWE-502
import base64
import pickle
from fastapi import Cookie, FastAPI

app = FastAPI()


@app.get("/preferences")
def preferences(prefs: str = Cookie(default="")):
    if not prefs:
        return {"theme": "light"}
    data = pickle.loads(base64.urlsafe_b64decode(prefs))
    return {"theme": data.get("theme", "light")}
