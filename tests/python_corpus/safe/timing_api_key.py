import hmac
import os
from functools import wraps

from flask import Flask, abort, request

app = Flask(__name__)
API_KEY = os.environ["SERVICE_API_KEY"]


def require_api_key(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        provided = request.headers.get("X-API-Key", "")
        if not hmac.compare_digest(provided, API_KEY):
            abort(401)
        return view(*args, **kwargs)
    return wrapper


@app.route("/internal/stats")
@require_api_key
def stats():
    return {"users": 42}
