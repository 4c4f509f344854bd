# cwe: CWE-613
import secrets
from datetime import datetime, timedelta

from flask import Blueprint, g, jsonify, make_response, request
from werkzeug.security import check_password_hash, generate_password_hash

from .models import SessionToken, User, db

auth_bp = Blueprint("auth", __name__)
COOKIE = "app_session"


@auth_bp.before_app_request
def load_session():
    g.user = None
    token = request.cookies.get(COOKIE)
    if token:
        row = SessionToken.query.filter_by(token=token).first()
        if row and row.expires_at > datetime.utcnow():
            g.user = row.user


@auth_bp.post("/login")
def login():
    data = request.get_json()
    user = User.query.filter_by(email=data["email"].lower()).first()
    if not user or not check_password_hash(user.password_hash, data["password"]):
        return jsonify(error="invalid credentials"), 401
    token = secrets.token_urlsafe(32)
    db.session.add(SessionToken(token=token, user=user, expires_at=datetime.utcnow() + timedelta(days=30)))
    db.session.commit()
    resp = make_response(jsonify(ok=True))
    resp.set_cookie(COOKIE, token, httponly=True, secure=True, samesite="Lax", max_age=30 * 86400)
    return resp


@auth_bp.post("/logout")
def logout():
    resp = make_response(jsonify(ok=True))
    resp.delete_cookie(COOKIE)
    return resp


@auth_bp.post("/account/password")
def change_password():
    if g.user is None:
        return jsonify(error="login required"), 401
    data = request.get_json()
    if not check_password_hash(g.user.password_hash, data["current_password"]):
        return jsonify(error="wrong password"), 403
    g.user.password_hash = generate_password_hash(data["new_password"])
    db.session.commit()
    return jsonify(ok=True)
