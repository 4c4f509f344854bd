"""Nightly sales aggregation."""
import os

import pymysql


def aggregate_sales(day):
    conn = pymysql.connect(host="db.internal", user="reporting", password=os.environ["REPORTING_DB_PASSWORD"], database="sales")
    with conn.cursor() as cur:
        cur.execute("SELECT SUM(total) FROM orders WHERE DATE(created_at) = %s", (day,))
        return cur.fetchone()[0]
