from typing import Optional

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, EmailStr, Field
from sqlalchemy.orm import Session

from .deps import get_current_user, get_db
from .models import User

router = APIRouter()


class ProfileUpdate(BaseModel):
    """Only the fields a user may change about themselves."""

    model_config = {"extra": "forbid"}

    display_name: Optional[str] = Field(default=None, max_length=80)
    email: Optional[EmailStr] = None
    timezone: Optional[str] = Field(default=None, max_length=64)


@router.patch("/api/me")
def update_me(body: ProfileUpdate, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    changes = body.model_dump(exclude_unset=True)
    if "email" in changes and db.query(User).filter(User.email == changes["email"], User.id != user.id).first():
        raise HTTPException(status_code=409, detail="email already in use")
    for field, value in changes.items():
        setattr(user, field, value)
    db.commit()
    return {"id": user.id, "display_name": user.display_name, "email": user.email, "timezone": user.timezone}
