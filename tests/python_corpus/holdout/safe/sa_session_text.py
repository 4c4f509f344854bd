from flask import Flask, request, jsonify
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
db = SQLAlchemy(app)


@app.route("/api/posts")
def posts():
    author = request.args.get("author")
    sql = text("SELECT title FROM posts WHERE author = :author ORDER BY created DESC")
    rows = db.session.execute(sql, {"author": author}).fetchall()
    return jsonify([r.title for r in rows])
