# cwe: CWE-78
import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.post("/convert")
async def convert(filename: str, fmt: str = "pdf"):
    proc = await asyncio.create_subprocess_shell(
        f"libreoffice --headless --convert-to {fmt} uploads/{filename}",
        stdout=asyncio.subprocess.PIPE,
    )
    await proc.communicate()
    return {"ok": proc.returncode == 0}
