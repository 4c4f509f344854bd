"""Load a CSV of events into the warehouse."""
import csv
import sqlite3
import sys

TABLE = "events"


def load(csv_path):
    conn = sqlite3.connect("warehouse.db")
    with open(csv_path) as f:
        rows = [(r["ts"], r["event"]) for r in csv.DictReader(f)]
    conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (ts TEXT, event TEXT)")
    conn.executemany(f"INSERT INTO {TABLE} VALUES (?, ?)", rows)
    conn.commit()


if __name__ == "__main__":
    load(sys.argv[1])
