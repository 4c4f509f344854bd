from flask import Flask, g, jsonify, request
import sqlite3

app = Flask(__name__)
DATABASE = "notes.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
    return g.db


@app.route("/notes/search")
def search_notes():
    keyword = request.args.get("q", "")
    tag = request.args.get("tag")
    sql = "SELECT id, title FROM notes WHERE title LIKE ?"
    params = [f"%{keyword}%"]
    if tag:
        sql += " AND tag = ?"
        params.append(tag)
    rows = get_db().execute(sql, params).fetchall()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])
