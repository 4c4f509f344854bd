import os
from dataclasses import dataclass

import psycopg2
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, InvalidHashError

_ph = PasswordHasher()  # argon2id with library defaults


@dataclass
class User:
    id: int
    email: str


class UserService:
    def __init__(self, dsn: str | None = None):
        self.conn = psycopg2.connect(dsn or os.environ["DATABASE_URL"])

    def register(self, email: str, password: str) -> User:
        with self.conn, self.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO users (email, password_hash) VALUES (%s, %s) RETURNING id",
                (email.lower(), _ph.hash(password)),
            )
            return User(id=cur.fetchone()[0], email=email.lower())

    def authenticate(self, email: str, password: str) -> User | None:
        with self.conn.cursor() as cur:
            cur.execute("SELECT id, password_hash FROM users WHERE email = %s", (email.lower(),))
            row = cur.fetchone()
        if not row:
            return None
        try:
            _ph.verify(row[1], password)
        except (VerificationError, InvalidHashError):
            return None
        if _ph.check_needs_rehash(row[1]):
            with self.conn, self.conn.cursor() as cur:
                cur.execute("UPDATE users SET password_hash = %s WHERE id = %s", (_ph.hash(password), row[0]))
        return User(id=row[0], email=email.lower())
