# cwe: CWE-89
"""Delete stale sessions for a user from the command line."""
import sqlite3
import sys


def purge_sessions(db_path, user_email):
    conn = sqlite3.connect(db_path)
    sql = "DELETE FROM sessions WHERE email = '%s'" % user_email
    conn.execute(sql)
    conn.commit()
    print("done")


if __name__ == "__main__":
    purge_sessions(sys.argv[1], sys.argv[2])
