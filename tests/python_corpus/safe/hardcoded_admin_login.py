from flask import Flask, request, session, redirect, url_for, render_template
from werkzeug.security import check_password_hash
import os

from models import Admin

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]


@app.route("/admin/login", methods=["GET", "POST"])
def admin_login():
    if request.method == "POST":
        admin = Admin.query.filter_by(username=request.form.get("username")).first()
        if admin and check_password_hash(admin.password_hash, request.form.get("password", "")):
            session.clear()
            session["admin_id"] = admin.id
            return redirect(url_for("dashboard"))
    return render_template("admin_login.html")
