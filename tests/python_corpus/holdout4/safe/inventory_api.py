import sqlite3
from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = "/var/lib/inventory/inventory.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def build_filters(args):
    clauses = ["archived = 0"]
    params = []
    category = args.get("category")
    if category:
        clauses.append("category = ?")
        params.append(category)
    min_qty = args.get("min_qty", type=int)
    if min_qty is not None:
        clauses.append("quantity >= ?")
        params.append(min_qty)
    return " AND ".join(clauses), params


@app.route("/api/items")
def list_items():
    where, params = build_filters(request.args)
    query = f"SELECT sku, name, category, quantity FROM items WHERE {where} ORDER BY name"
    rows = get_db().execute(query, params).fetchall()
    return jsonify([dict(r) for r in rows])


@app.route("/api/items/<sku>")
def get_item(sku):
    row = get_db().execute("SELECT * FROM items WHERE sku = ?", (sku,)).fetchone()
    if row is None:
        return jsonify(error="not found"), 404
    return jsonify(dict(row))
