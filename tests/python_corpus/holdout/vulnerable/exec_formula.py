# cwe: CWE-94
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/api/formula", methods=["POST"])
def formula():
    body = request.get_json()
    x = float(body["x"])
    code = compile(body["formula"], "<formula>", "eval")
    return jsonify({"y": eval(code, {"x": x})})
