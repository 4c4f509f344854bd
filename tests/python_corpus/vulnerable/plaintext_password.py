# cwe: CWE-256
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/register", methods=["POST"])
def register():
    data = request.get_json()
    username = data["username"]
    password = data["password"]
    conn = sqlite3.connect("users.db")
    conn.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, password))
    conn.commit()
    return jsonify({"message": "User registered"}), 201
