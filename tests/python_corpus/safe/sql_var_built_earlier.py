import psycopg2
from flask import Flask, request, jsonify

app = Flask(__name__)
conn = psycopg2.connect(dbname="shop", user="shop")
SORT_COLUMNS = {"created_at": "created_at", "total": "total"}


@app.route("/orders", methods=["GET"])
def list_orders():
    status = request.args.get("status", "pending")
    sort = SORT_COLUMNS.get(request.args.get("sort"), "created_at")
    query = "SELECT id, total, status FROM orders WHERE status = %s ORDER BY " + sort
    with conn.cursor() as cur:
        cur.execute(query, (status,))
        orders = cur.fetchall()
    return jsonify(orders)
