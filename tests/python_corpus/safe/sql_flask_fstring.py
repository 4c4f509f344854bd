import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def get_db():
    conn = sqlite3.connect("app.db")
    conn.row_factory = sqlite3.Row
    return conn


@app.route("/api/users/search")
def search_users():
    username = request.args.get("username", "")
    conn = get_db()
    cursor = conn.cursor()
    cursor.execute("SELECT id, username, email FROM users WHERE username LIKE ?", (f"%{username}%",))
    rows = cursor.fetchall()
    return jsonify([dict(r) for r in rows])
