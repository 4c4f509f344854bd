# cwe: CWE-22
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/static-files/{file_path:path}")
def get_file(file_path: str):
    return FileResponse(f"public/{file_path}")
