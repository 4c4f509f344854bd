import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    raw = request.cookies.get("cart")
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        items = []
    return {"items": items}
