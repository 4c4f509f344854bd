import logging
import uuid

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from .routers import orders, customers

log = logging.getLogger("api")
app = FastAPI()
app.include_router(orders.router)
app.include_router(customers.router)


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError):
    # field-level messages are about the client's own input, safe to return
    return JSONResponse(status_code=422, content={"error": "validation failed", "fields": exc.errors()})


@app.exception_handler(HTTPException)
async def http_error(request: Request, exc: HTTPException):
    return JSONResponse(status_code=exc.status_code, content={"error": exc.detail})


@app.exception_handler(Exception)
async def unhandled_error(request: Request, exc: Exception):
    incident = uuid.uuid4().hex[:12]
    log.exception("unhandled error incident=%s path=%s", incident, request.url.path)
    return JSONResponse(
        status_code=500,
        content={"error": "Internal server error", "incident": incident},
    )
