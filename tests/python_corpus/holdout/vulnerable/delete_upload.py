# cwe: CWE-22
import os

from flask import Flask, request, jsonify
from flask_login import login_required

app = Flask(__name__)
UPLOAD_DIR = "uploads"


@app.route("/files/delete", methods=["POST"])
@login_required
def delete_file():
    name = request.form["name"]
    os.remove(os.path.join(UPLOAD_DIR, name))
    return jsonify(deleted=name)
