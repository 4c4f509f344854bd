from flask import Flask, jsonify
from flask_login import current_user, login_required

from models import User, db

app = Flask(__name__)


@app.route("/admin/users/<int:user_id>/delete", methods=["POST"])
@login_required
def delete_user(user_id):
    if not current_user.is_admin:
        return jsonify({"error": "forbidden"}), 403
    user = User.query.get_or_404(user_id)
    db.session.delete(user)
    db.session.commit()
    return jsonify({"status": "deleted"})


@app.route("/")
def index():
    return "ok"
