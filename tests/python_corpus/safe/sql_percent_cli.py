"""Delete stale sessions for a user from the command line."""
import sqlite3
import sys


def purge_sessions(db_path, user_email):
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM sessions WHERE email = ?", (user_email,))
    conn.commit()
    print("done")


if __name__ == "__main__":
    purge_sessions(sys.argv[1], sys.argv[2])
