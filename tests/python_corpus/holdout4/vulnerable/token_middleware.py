# cwe: CWE-347
import functools

import jwt
from flask import g, jsonify, request

from .models import User


def current_token():
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[len("Bearer "):]
    return request.cookies.get("access_token")


def auth_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = current_token()
        if not token:
            return jsonify(error="authentication required"), 401
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.DecodeError:
            return jsonify(error="malformed token"), 401
        user = User.query.get(int(claims["sub"]))
        if user is None or not user.is_active:
            return jsonify(error="unknown user"), 401
        g.user = user
        g.scopes = set(claims.get("scope", "").split())
        return view(*args, **kwargs)

    return wrapper
