# cwe: CWE-942
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin")
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.route("/api/profile")
def profile():
    return jsonify({"email": "a@example.com"})
