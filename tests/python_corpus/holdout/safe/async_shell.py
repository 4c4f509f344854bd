import asyncio
from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
FORMATS = {"pdf", "docx", "odt"}


@app.post("/convert")
async def convert(filename: str, fmt: str = "pdf"):
    if fmt not in FORMATS:
        raise HTTPException(status_code=400)
    source = Path("uploads") / Path(filename).name
    proc = await asyncio.create_subprocess_exec(
        "libreoffice", "--headless", "--convert-to", fmt, str(source),
        stdout=asyncio.subprocess.PIPE,
    )
    await proc.communicate()
    return {"ok": proc.returncode == 0}
