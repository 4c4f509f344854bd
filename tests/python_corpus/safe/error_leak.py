import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/items", methods=["POST"])
def create_item():
    data = request.get_json()
    try:
        conn = sqlite3.connect("items.db")
        conn.execute("INSERT INTO items (name, qty) VALUES (?, ?)", (data["name"], data["qty"]))
        conn.commit()
    except sqlite3.Error:
        app.logger.exception("could not create item")
        return jsonify({"error": "could not create item"}), 500
    return jsonify({"ok": True}), 201
