# cwe: CWE-22
from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
REPORTS_DIR = Path("/var/reports")


@app.get("/reports/{name}")
async def read_report(name: str):
    report_path = REPORTS_DIR / name
    if not report_path.exists():
        raise HTTPException(status_code=404, detail="Report not found")
    with open(report_path) as f:
        return {"name": name, "content": f.read()}
