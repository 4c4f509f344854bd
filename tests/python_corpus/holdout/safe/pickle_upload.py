import json

from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/models/upload", methods=["POST"])
def upload_model():
    spec = json.load(request.files["model"])
    return jsonify({"type": spec.get("type", "unknown")})
