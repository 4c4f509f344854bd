# cwe: CWE-532
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    username = request.form.get("username")
    password = request.form.get("password")
    logger.info(f"Login attempt for {username} with password {password}")
    return "ok"
