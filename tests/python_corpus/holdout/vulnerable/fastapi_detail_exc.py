# cwe: CWE-209
from fastapi import FastAPI, HTTPException

from .storage import save_blob

app = FastAPI()


@app.post("/blobs")
async def upload(data: bytes):
    try:
        key = await save_blob(data)
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
    return {"key": key}
