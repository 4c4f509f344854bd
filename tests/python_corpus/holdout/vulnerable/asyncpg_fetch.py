# cwe: CWE-89
import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/users/by-email")
async def by_email(email: str):
    conn = await asyncpg.connect("postgresql://app@localhost/app")
    try:
        row = await conn.fetchrow(f"SELECT id, name FROM users WHERE email = '{email}'")
    finally:
        await conn.close()
    return dict(row) if row else {}
