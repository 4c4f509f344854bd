# cwe: CWE-915
from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from .models import db

profile_bp = Blueprint("profile", __name__)


def apply_updates(model, data: dict):
    for field, value in data.items():
        if hasattr(model, field):
            setattr(model, field, value)
    return model


@profile_bp.patch("/api/me")
@login_required
def update_me():
    data = request.get_json() or {}
    if "email" in data and "@" not in str(data["email"]):
        return jsonify(error="invalid email"), 400
    apply_updates(current_user, data)
    db.session.commit()
    return jsonify(
        id=current_user.id,
        display_name=current_user.display_name,
        email=current_user.email,
        timezone=current_user.timezone,
    )
