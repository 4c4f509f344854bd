# cwe: CWE-306
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user, login_required

from .models import AuditLog, User, db

admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required():
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(403)


@admin_bp.get("/users")
@login_required
def list_users():
    admin_required()
    users = User.query.order_by(User.created_at.desc()).limit(100).all()
    return jsonify([u.to_dict() for u in users])


@admin_bp.post("/users/<int:user_id>/role")
def change_role(user_id):
    user = User.query.get_or_404(user_id)
    new_role = request.json.get("role")
    if new_role not in {"member", "editor", "admin"}:
        return jsonify(error="invalid role"), 400
    user.role = new_role
    user.is_admin = new_role == "admin"
    db.session.add(AuditLog(action="role_change", target_id=user.id, detail=new_role))
    db.session.commit()
    return jsonify(user.to_dict())


@admin_bp.delete("/users/<int:user_id>")
@login_required
def delete_user(user_id):
    admin_required()
    user = User.query.get_or_404(user_id)
    db.session.delete(user)
    db.session.commit()
    return "", 204
