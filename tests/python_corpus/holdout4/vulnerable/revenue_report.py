# cwe: CWE-89
import os
from datetime import date

import psycopg2
import psycopg2.extras
from fastapi import Depends, FastAPI, Query

app = FastAPI()


def get_conn():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        yield conn
    finally:
        conn.close()


def revenue_sql(start: date, end: date, channel: str | None) -> str:
    sql = (
        "SELECT date_trunc('week', paid_at)::date AS week, SUM(amount_cents) AS revenue "
        "FROM payments WHERE paid_at BETWEEN '%s' AND '%s'" % (start.isoformat(), end.isoformat())
    )
    if channel:
        sql += " AND channel = '%s'" % channel
    return sql + " GROUP BY 1 ORDER BY 1"


@app.get("/reports/revenue")
def weekly_revenue(
    start: date,
    end: date,
    channel: str | None = Query(default=None, max_length=64),
    conn=Depends(get_conn),
):
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(revenue_sql(start, end, channel))
        rows = cur.fetchall()
    return {"channel": channel or "all", "weeks": rows}
