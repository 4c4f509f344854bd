from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from app.auth import get_current_user
from app.db import SessionLocal
from app.models import Order, User

router = APIRouter(prefix="/orders")


@router.get("/{order_id}")
def read_order(order_id: int, user: User = Depends(get_current_user)):
    db: Session = SessionLocal()
    try:
        order = db.query(Order).filter(Order.id == order_id, Order.user_id == user.id).first()
        if not order:
            raise HTTPException(status_code=404, detail="Order not found")
        return {"id": order.id, "total": order.total, "address": order.shipping_address}
    finally:
        db.close()
