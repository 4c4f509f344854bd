# cwe: CWE-89
from flask import Flask, request, jsonify
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
db = SQLAlchemy(app)


@app.route("/api/posts")
def posts():
    author = request.args.get("author")
    sql = "SELECT title FROM posts WHERE author = '%s' ORDER BY created DESC" % author
    rows = db.session.execute(text(sql)).fetchall()
    return jsonify([r.title for r in rows])
