import os

from flask import Flask, session, redirect, url_for, request

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


@app.route("/login", methods=["POST"])
def login():
    session["user"] = request.form["username"]
    return redirect(url_for("index"))


@app.route("/")
def index():
    return "Logged in" if "user" in session else "Hello"
