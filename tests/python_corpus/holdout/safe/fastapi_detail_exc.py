import logging

from fastapi import FastAPI, HTTPException

from .storage import save_blob

app = FastAPI()
logger = logging.getLogger(__name__)


@app.post("/blobs")
async def upload(data: bytes):
    try:
        key = await save_blob(data)
    except Exception:
        logger.exception("upload failed")
        raise HTTPException(status_code=500, detail="upload failed")
    return {"key": key}
