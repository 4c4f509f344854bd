from flask import Flask, jsonify, request

app = Flask(__name__)
TRUSTED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin")
    if origin in TRUSTED_ORIGINS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Vary"] = "Origin"
    return response


@app.route("/api/profile")
def profile():
    return jsonify({"email": "a@example.com"})
