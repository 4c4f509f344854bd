# cwe: CWE-22
import os
from pathlib import Path

from fastapi import Depends, FastAPI, File, Form, HTTPException, UploadFile
from fastapi.responses import FileResponse

from .auth import User, get_current_user

app = FastAPI()
UPLOAD_DIR = Path(os.getenv("UPLOAD_DIR", "/data/uploads"))


@app.post("/users/me/files")
async def upload_file(
    file: UploadFile = File(...),
    folder: str = Form("misc"),
    user: User = Depends(get_current_user),
):
    dest_dir = os.path.join(UPLOAD_DIR, str(user.id), folder)
    os.makedirs(dest_dir, exist_ok=True)
    dest = os.path.join(dest_dir, file.filename)
    content = await file.read()
    with open(dest, "wb") as fh:
        fh.write(content)
    return {"stored": os.path.relpath(dest, UPLOAD_DIR), "size": len(content)}


@app.get("/users/me/files/{folder}/{name}")
async def get_file(folder: str, name: str, user: User = Depends(get_current_user)):
    path = UPLOAD_DIR / str(user.id) / folder / name
    if not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path)
