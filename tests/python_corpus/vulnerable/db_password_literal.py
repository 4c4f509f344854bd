# cwe: CWE-798
"""Nightly sales aggregation."""
import pymysql


def aggregate_sales(day):
    conn = pymysql.connect(host="db.internal", user="reporting", password="Reporting#123", database="sales")
    with conn.cursor() as cur:
        cur.execute("SELECT SUM(total) FROM orders WHERE DATE(created_at) = %s", (day,))
        return cur.fetchone()[0]
