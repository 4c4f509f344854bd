import json
from fastapi import Cookie, FastAPI

app = FastAPI()


@app.get("/preferences")
def preferences(prefs: str = Cookie(default="")):
    try:
        data = json.loads(prefs) if prefs else {}
    except ValueError:
        data = {}
    return {"theme": data.get("theme", "light")}
