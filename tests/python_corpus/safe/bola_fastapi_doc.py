from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy.orm import Session

from .auth import get_current_user
from .db import get_db
from .models import Document

app = FastAPI()


@app.delete("/documents/{document_id}")
def delete_document(document_id: int, db: Session = Depends(get_db), user=Depends(get_current_user)):
    doc = db.query(Document).filter(Document.id == document_id, Document.owner_id == user.id).first()
    if doc is None:
        raise HTTPException(status_code=404)
    db.delete(doc)
    db.commit()
    return {"deleted": document_id}
