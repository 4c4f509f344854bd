import hashlib
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

app = FastAPI()
DATA_DIR = Path(__file__).parent / "data"


def compute_etag(payload: bytes) -> str:
    # Cache validator only; md5 is fine because nothing security-related depends on it.
    return '"' + hashlib.md5(payload, usedforsecurity=False).hexdigest() + '"'


@app.get("/api/countries")
def countries(request: Request):
    payload = (DATA_DIR / "countries.json").read_bytes()
    etag = compute_etag(payload)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(
        content=payload,
        media_type="application/json",
        headers={"ETag": etag, "Cache-Control": "public, max-age=3600"},
    )


@app.get("/healthz")
def healthz():
    return JSONResponse({"ok": True})
