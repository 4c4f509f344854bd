# cwe: CWE-915
from flask import Flask, request, jsonify
from flask_login import current_user, login_required

from models import db

app = Flask(__name__)


@app.route("/api/profile", methods=["PATCH"])
@login_required
def update_profile():
    for key, value in request.get_json().items():
        setattr(current_user, key, value)
    db.session.commit()
    return jsonify(ok=True)
