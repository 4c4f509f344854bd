from markupsafe import escape
from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    query = request.args.get("q", "")
    results = [item for item in ["apple", "banana", "cherry"] if query.lower() in item]
    items = "".join(f"<li>{escape(r)}</li>" for r in results)
    return f"<h2>Results for: {escape(query)}</h2><ul>{items}</ul>"
