# cwe: CWE-601
from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    session["user"] = request.form["username"]
    next_url = request.args.get("next") or url_for("dashboard")
    return redirect(next_url)


@app.route("/dashboard")
def dashboard():
    return "dashboard"
