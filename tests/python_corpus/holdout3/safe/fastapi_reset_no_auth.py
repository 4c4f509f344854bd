from fastapi import Depends, FastAPI
from pydantic import BaseModel

from .auth import require_admin
from .db import database

app = FastAPI()


class PriceUpdate(BaseModel):
    sku: str
    price: float


@app.put("/products/price", dependencies=[Depends(require_admin)])
async def update_price(update: PriceUpdate):
    await database.execute(
        "UPDATE products SET price = :price WHERE sku = :sku",
        {"price": update.price, "sku": update.sku},
    )
    return {"updated": update.sku}


@app.get("/health")
async def health():
    return {"ok": True}
