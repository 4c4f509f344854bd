# cwe: CWE-502
import pickle

from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/models/upload", methods=["POST"])
def upload_model():
    model = pickle.load(request.files["model"])
    return jsonify({"type": type(model).__name__})
