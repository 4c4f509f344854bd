import sqlite3

from flask import Flask, jsonify, request
from werkzeug.security import generate_password_hash

app = Flask(__name__)


@app.route("/api/register", methods=["POST"])
def register():
    data = request.get_json()
    username = data["username"]
    password_hash = generate_password_hash(data["password"])
    conn = sqlite3.connect("users.db")
    conn.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (username, password_hash))
    conn.commit()
    return jsonify({"message": "User registered"}), 201
