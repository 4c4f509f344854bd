# cwe: CWE-601
from urllib.parse import urlparse

from flask import Blueprint, redirect, request, session, url_for

from .oidc import exchange_code, userinfo
from .models import User

sso_bp = Blueprint("sso", __name__)


def post_login_target() -> str:
    target = session.pop("return_to", None) or request.args.get("return_to")
    if not target:
        return url_for("dashboard.index")
    parsed = urlparse(target)
    if parsed.scheme not in ("http", "https", ""):
        return url_for("dashboard.index")
    return target


@sso_bp.get("/sso/start")
def sso_start():
    session["return_to"] = request.args.get("next")
    return redirect(url_for("sso.authorize_redirect"))


@sso_bp.get("/sso/callback")
def sso_callback():
    tokens = exchange_code(request.args["code"], request.args["state"])
    info = userinfo(tokens["access_token"])
    user = User.get_or_create_from_oidc(info)
    session.clear()
    session["user_id"] = user.id
    return redirect(post_login_target())
