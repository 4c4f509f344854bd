# cwe: CWE-916
import hashlib
import os
from dataclasses import dataclass

import psycopg2


@dataclass
class User:
    id: int
    email: str


class UserService:
    def __init__(self, dsn: str | None = None):
        self.conn = psycopg2.connect(dsn or os.environ["DATABASE_URL"])

    @staticmethod
    def _hash_password(password: str, salt: str) -> str:
        return hashlib.md5((salt + password).encode("utf-8")).hexdigest()

    def register(self, email: str, password: str) -> User:
        salt = os.urandom(8).hex()
        with self.conn, self.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO users (email, password_salt, password_hash) VALUES (%s, %s, %s) RETURNING id",
                (email.lower(), salt, self._hash_password(password, salt)),
            )
            return User(id=cur.fetchone()[0], email=email.lower())

    def authenticate(self, email: str, password: str) -> User | None:
        with self.conn.cursor() as cur:
            cur.execute(
                "SELECT id, password_salt, password_hash FROM users WHERE email = %s", (email.lower(),)
            )
            row = cur.fetchone()
        if row and self._hash_password(password, row[1]) == row[2]:
            return User(id=row[0], email=email.lower())
        return None
