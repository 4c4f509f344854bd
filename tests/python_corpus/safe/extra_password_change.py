from flask import Flask, flash, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash, generate_password_hash

from models import db

app = Flask(__name__)


@app.route("/account/password", methods=["POST"])
@login_required
def change_password():
    current = request.form["current_password"]
    new_password = request.form["new_password"]
    confirm_password = request.form["confirm_password"]
    if new_password != confirm_password:
        flash("Passwords do not match")
        return redirect(url_for("change_password"))
    if not check_password_hash(current_user.password_hash, current):
        flash("Wrong password")
        return redirect(url_for("change_password"))
    current_user.password_hash = generate_password_hash(new_password)
    db.session.commit()
    return redirect(url_for("index"))
