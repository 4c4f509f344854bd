# cwe: CWE-798
from flask import Flask, session, redirect, url_for, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "my-super-secret-key-12345"


@app.route("/login", methods=["POST"])
def login():
    session["user"] = request.form["username"]
    return redirect(url_for("index"))


@app.route("/")
def index():
    return f"Logged in as {session.get('user', 'guest')}" if "user" in session else "Hello"
