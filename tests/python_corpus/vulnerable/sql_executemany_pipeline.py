# cwe: CWE-89
"""Load a CSV of events into the warehouse table named on the command line."""
import csv
import sqlite3
import sys


def load(csv_path, table):
    conn = sqlite3.connect("warehouse.db")
    with open(csv_path) as f:
        rows = [(r["ts"], r["event"]) for r in csv.DictReader(f)]
    conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (ts TEXT, event TEXT)")
    conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    conn.commit()


if __name__ == "__main__":
    load(sys.argv[1], sys.argv[2])
