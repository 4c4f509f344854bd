# cwe: CWE-617
from flask import Flask, g, jsonify

app = Flask(__name__)


@app.route("/admin/users/<int:user_id>", methods=["DELETE"])
def delete_user(user_id):
    assert g.user.is_admin, "admin only"
    from models import User, db
    db.session.delete(User.query.get(user_id))
    db.session.commit()
    return jsonify({"deleted": user_id})
