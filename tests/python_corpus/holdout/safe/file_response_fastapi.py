from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
PUBLIC = Path("public").resolve()


@app.get("/static-files/{file_path:path}")
def get_file(file_path: str):
    target = (PUBLIC / file_path).resolve()
    if not target.is_relative_to(PUBLIC) or not target.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(target)
