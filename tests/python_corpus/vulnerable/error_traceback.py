# cwe: CWE-209
import traceback

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/jobs")
def submit_job(payload: dict):
    try:
        job_id = schedule(payload)
    except Exception:
        return JSONResponse(status_code=500, content={"error": traceback.format_exc()})
    return {"job_id": job_id}


def schedule(payload):
    return 1
