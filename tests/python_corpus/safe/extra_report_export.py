import csv
import io
import sqlite3

from flask import Flask, Response, request

app = Flask(__name__)
COLUMNS = ("id", "created_at", "total")


@app.route("/reports/orders.csv")
def export_orders():
    year = int(request.args.get("year", 2024))
    conn = sqlite3.connect("shop.db")
    cols = ", ".join(COLUMNS)
    rows = conn.execute(f"SELECT {cols} FROM orders WHERE strftime('%Y', created_at) = ?", (str(year),)).fetchall()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return Response(buf.getvalue(), mimetype="text/csv")
