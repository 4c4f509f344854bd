from flask import Flask, make_response, request
from auth import issue_token

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    token = issue_token(request.form["user"], request.form["password"])
    resp = make_response({"ok": True})
    resp.set_cookie("access_token", token, httponly=True, secure=True, samesite="Lax")
    return resp
