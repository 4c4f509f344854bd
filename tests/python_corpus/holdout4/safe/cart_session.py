import os

from flask import Flask, jsonify, make_response, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
COOKIE_NAME = "cart"
MAX_AGE = 7 * 24 * 3600

serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="cart-cookie")


def load_cart():
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return {"items": {}}
    try:
        cart = serializer.loads(raw, max_age=MAX_AGE)  # JSON + HMAC, no code execution
    except BadSignature:
        return {"items": {}}
    return cart if isinstance(cart, dict) and isinstance(cart.get("items"), dict) else {"items": {}}


def save_cart(resp, cart):
    resp.set_cookie(COOKIE_NAME, serializer.dumps(cart), max_age=MAX_AGE, httponly=True, secure=True, samesite="Lax")
    return resp


@app.post("/cart/items")
def add_item():
    cart = load_cart()
    data = request.get_json()
    sku, qty = str(data["sku"]), int(data.get("qty", 1))
    cart["items"][sku] = cart["items"].get(sku, 0) + qty
    return save_cart(make_response(jsonify(cart)), cart)


@app.get("/cart")
def view_cart():
    return jsonify(load_cart())
