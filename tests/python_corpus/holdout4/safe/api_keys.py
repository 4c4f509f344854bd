import hashlib
import hmac
import secrets
from datetime import datetime, timezone

from fastapi import APIRouter, Depends, Header, HTTPException
from sqlalchemy.orm import Session

from .deps import get_current_user, get_db
from .models import ApiKey

router = APIRouter(prefix="/api-keys")
PREFIX = "acme_live_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@router.post("")
def create_key(name: str, db: Session = Depends(get_db), user=Depends(get_current_user)):
    raw = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(user_id=user.id, name=name, prefix=raw[:14], key_hash=_digest(raw),
                 created_at=datetime.now(timezone.utc))
    db.add(key)
    db.commit()
    # the plaintext key is shown exactly once
    return {"id": key.id, "key": raw}


def authenticate_key(x_api_key: str = Header(...), db: Session = Depends(get_db)):
    candidate = db.query(ApiKey).filter(ApiKey.prefix == x_api_key[:14], ApiKey.revoked_at.is_(None)).first()
    if candidate is None or not hmac.compare_digest(candidate.key_hash, _digest(x_api_key)):
        raise HTTPException(status_code=401, detail="invalid API key")
    return candidate
