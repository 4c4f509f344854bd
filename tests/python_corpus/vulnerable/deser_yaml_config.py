# cwe: CWE-502
import yaml
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/pipelines", methods=["POST"])
def create_pipeline():
    spec = yaml.load(request.data, Loader=yaml.Loader)
    steps = spec.get("steps", [])
    return jsonify({"steps": len(steps)})
