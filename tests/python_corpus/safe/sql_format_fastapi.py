from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("postgresql://localhost/inventory")


@app.get("/products")
def products(category: str, min_price: float = 0):
    with engine.connect() as conn:
        stmt = text("SELECT name, price FROM products WHERE category = :category AND price >= :min_price")
        result = conn.execute(stmt, {"category": category, "min_price": min_price})
        return [dict(row._mapping) for row in result]
