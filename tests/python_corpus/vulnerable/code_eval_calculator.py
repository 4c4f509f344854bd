# cwe: CWE-94
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/calculate", methods=["POST"])
def calculate():
    expression = request.get_json().get("expression", "")
    try:
        result = eval(expression)
    except Exception:
        return jsonify({"error": "invalid expression"}), 400
    return jsonify({"result": result})
