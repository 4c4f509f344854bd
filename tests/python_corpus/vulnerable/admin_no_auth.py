# cwe: CWE-306
from flask import Flask, jsonify
from flask_login import login_required, current_user

from models import User, db

app = Flask(__name__)


@app.route("/profile")
@login_required
def profile():
    return jsonify(name=current_user.name)


@app.route("/admin/users/<int:user_id>/promote", methods=["POST"])
def promote_user(user_id):
    user = User.query.get_or_404(user_id)
    user.is_admin = True
    db.session.commit()
    return jsonify(promoted=user_id)
