# cwe: CWE-347
import jwt
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/me")
def me():
    auth = request.headers.get("Authorization", "")
    token = auth.replace("Bearer ", "")
    claims = jwt.decode(token, options={"verify_signature": False})
    return jsonify({"user": claims.get("sub"), "role": claims.get("role")})
