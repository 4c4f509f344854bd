# cwe: CWE-798
from flask import Flask, request, session, redirect, url_for, render_template
import os

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]


@app.route("/admin/login", methods=["GET", "POST"])
def admin_login():
    if request.method == "POST":
        username = request.form.get("username")
        password = request.form.get("password")
        if username == "admin" and password == "Admin@2024!":
            session["is_admin"] = True
            return redirect(url_for("dashboard"))
    return render_template("admin_login.html")
