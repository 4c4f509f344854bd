from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
REPORTS_DIR = Path("/var/reports").resolve()


@app.get("/reports/{name}")
async def read_report(name: str):
    report_path = (REPORTS_DIR / name).resolve()
    if not report_path.is_relative_to(REPORTS_DIR) or not report_path.is_file():
        raise HTTPException(status_code=404, detail="Report not found")
    with open(report_path) as f:
        return {"name": name, "content": f.read()}
