# cwe: CWE-89
import psycopg2
from flask import Flask, request, jsonify

app = Flask(__name__)
conn = psycopg2.connect(dbname="shop", user="shop")


@app.route("/orders", methods=["GET"])
def list_orders():
    status = request.args.get("status", "pending")
    sort = request.args.get("sort", "created_at")
    query = "SELECT id, total, status FROM orders WHERE status = '" + status + "'"
    query += " ORDER BY " + sort
    with conn.cursor() as cur:
        cur.execute(query)
        orders = cur.fetchall()
    return jsonify(orders)
