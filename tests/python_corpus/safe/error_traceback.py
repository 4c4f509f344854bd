import logging

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()
logger = logging.getLogger(__name__)


@app.post("/jobs")
def submit_job(payload: dict):
    try:
        job_id = schedule(payload)
    except Exception:
        logger.exception("job submission failed")
        return JSONResponse(status_code=500, content={"error": "internal error"})
    return {"job_id": job_id}


def schedule(payload):
    return 1
