# cwe: CWE-502
import base64
import pickle

from flask import Flask, jsonify, make_response, request

app = Flask(__name__)
COOKIE_NAME = "cart"


def load_cart():
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return {"items": {}}
    try:
        return pickle.loads(base64.urlsafe_b64decode(raw))
    except Exception:
        return {"items": {}}


def save_cart(resp, cart):
    encoded = base64.urlsafe_b64encode(pickle.dumps(cart)).decode()
    resp.set_cookie(COOKIE_NAME, encoded, max_age=7 * 24 * 3600, httponly=True, samesite="Lax")
    return resp


@app.post("/cart/items")
def add_item():
    cart = load_cart()
    data = request.get_json()
    sku, qty = data["sku"], int(data.get("qty", 1))
    cart["items"][sku] = cart["items"].get(sku, 0) + qty
    return save_cart(make_response(jsonify(cart)), cart)


@app.get("/cart")
def view_cart():
    return jsonify(load_cart())
