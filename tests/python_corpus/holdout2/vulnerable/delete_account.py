# cwe: CWE-639
from fastapi import Depends, FastAPI, HTTPException
from .auth import get_current_user
from .db import SessionLocal
from .models import Account

app = FastAPI()


@app.delete("/accounts/{account_id}")
def delete_account(account_id: int, current_user=Depends(get_current_user)):
    db = SessionLocal()
    account = db.query(Account).get(account_id)
    if account is None:
        raise HTTPException(status_code=404)
    db.delete(account)
    db.commit()
    return {"deleted": True}
