from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.security import check_password_hash

from .models import User

auth_bp = Blueprint("auth", __name__)
limiter = Limiter(key_func=get_remote_address, storage_uri="redis://redis:6379/2")


def _login_key():
    # throttle per target account as well as per client IP
    return (request.form.get("email") or "").strip().lower() or get_remote_address()


@auth_bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
@limiter.limit("20 per hour", key_func=_login_key, methods=["POST"])
def login():
    if request.method == "GET":
        return render_template("auth/login.html")
    email = request.form.get("email", "").strip().lower()
    user = User.query.filter_by(email=email).first()
    if user is None or not check_password_hash(user.password_hash, request.form.get("password", "")):
        flash("Invalid email or password.", "error")
        return render_template("auth/login.html"), 401
    session.clear()
    session["user_id"] = user.id
    return redirect(url_for("dashboard.index"))


@auth_bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
