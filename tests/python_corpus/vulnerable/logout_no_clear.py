# cwe: CWE-613
from flask import Flask, redirect, session, url_for, flash

app = Flask(__name__)


@app.route("/logout")
def logout():
    flash("You have been logged out.")
    return redirect(url_for("login_page"))


@app.route("/login-page")
def login_page():
    return "login"
