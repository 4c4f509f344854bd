import os

import jwt
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
JWT_SECRET = os.environ["JWT_SECRET"]


@app.route("/me")
def me():
    auth = request.headers.get("Authorization", "")
    token = auth.replace("Bearer ", "")
    try:
        claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        abort(401)
    return jsonify({"user": claims.get("sub"), "role": claims.get("role")})
