from flask import Flask, request, jsonify
from simpleeval import simple_eval

app = Flask(__name__)


@app.route("/api/formula", methods=["POST"])
def formula():
    body = request.get_json()
    x = float(body["x"])
    return jsonify({"y": simple_eval(body["formula"], names={"x": x})})
