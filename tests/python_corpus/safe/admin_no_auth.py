from functools import wraps

from flask import Flask, abort, jsonify
from flask_login import login_required, current_user

from models import User, db

app = Flask(__name__)


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapper


@app.route("/profile")
@login_required
def profile():
    return jsonify(name=current_user.name)


@app.route("/admin/users/<int:user_id>/promote", methods=["POST"])
@login_required
@admin_required
def promote_user(user_id):
    user = User.query.get_or_404(user_id)
    user.is_admin = True
    db.session.commit()
    return jsonify(promoted=user_id)
