# cwe: CWE-639
from fastapi import APIRouter, HTTPException
from sqlalchemy.orm import Session

from app.db import SessionLocal
from app.models import Order

router = APIRouter(prefix="/orders")


@router.get("/{order_id}")
def read_order(order_id: int):
    db: Session = SessionLocal()
    try:
        order = db.query(Order).filter(Order.id == order_id).first()
        if not order:
            raise HTTPException(status_code=404, detail="Order not found")
        return {"id": order.id, "total": order.total, "address": order.shipping_address}
    finally:
        db.close()
