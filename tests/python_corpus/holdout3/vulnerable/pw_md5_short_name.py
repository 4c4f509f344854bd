# cwe: CWE-916
import hashlib
import sqlite3


def register(conn: sqlite3.Connection, username: str, pw: str) -> None:
    pw_hash = hashlib.md5(pw.encode()).hexdigest()
    conn.execute("INSERT INTO users (username, pw_hash) VALUES (?, ?)", (username, pw_hash))
    conn.commit()
