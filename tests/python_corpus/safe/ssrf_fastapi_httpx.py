import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
SERVICES = {"billing": "http://billing.internal", "search": "http://search.internal"}


@app.get("/proxy")
async def proxy(target: str):
    base = SERVICES.get(target)
    if base is None:
        raise HTTPException(status_code=404)
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{base}/status")
    return {"status": r.status_code, "body": r.text[:200]}
