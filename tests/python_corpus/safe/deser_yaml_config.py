import yaml
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/pipelines", methods=["POST"])
def create_pipeline():
    spec = yaml.safe_load(request.data) or {}
    steps = spec.get("steps", [])
    return jsonify({"steps": len(steps)})
