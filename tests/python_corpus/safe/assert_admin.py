from flask import Flask, abort, g, jsonify

app = Flask(__name__)


@app.route("/admin/users/<int:user_id>", methods=["DELETE"])
def delete_user(user_id):
    if not g.user.is_admin:
        abort(403)
    from models import User, db
    db.session.delete(User.query.get_or_404(user_id))
    db.session.commit()
    return jsonify({"deleted": user_id})
