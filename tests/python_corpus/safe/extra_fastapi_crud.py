from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy.orm import Session

from .db import get_db
from .models import Product

app = FastAPI()


class ProductIn(BaseModel):
    name: str
    price: float


@app.get("/products/{product_id}")
def read_product(product_id: int, db: Session = Depends(get_db)):
    product = db.get(Product, product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return product


@app.post("/products", status_code=201)
def create_product(item: ProductIn, db: Session = Depends(get_db)):
    product = Product(name=item.name, price=item.price)
    db.add(product)
    db.commit()
    db.refresh(product)
    return product
