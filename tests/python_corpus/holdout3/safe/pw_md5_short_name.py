import sqlite3

import bcrypt


def register(conn: sqlite3.Connection, username: str, pw: str) -> None:
    pw_hash = bcrypt.hashpw(pw.encode(), bcrypt.gensalt())
    conn.execute("INSERT INTO users (username, pw_hash) VALUES (?, ?)", (username, pw_hash))
    conn.commit()
