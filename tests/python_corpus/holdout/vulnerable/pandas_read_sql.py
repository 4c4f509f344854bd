# cwe: CWE-89
"""Export a customer's orders to Excel."""
import sqlite3
import sys

import pandas as pd


def export(customer_id: str, out_path: str) -> None:
    conn = sqlite3.connect("crm.db")
    df = pd.read_sql_query("SELECT * FROM orders WHERE customer_id = " + customer_id, conn)
    df.to_excel(out_path, index=False)


if __name__ == "__main__":
    export(sys.argv[1], sys.argv[2])
