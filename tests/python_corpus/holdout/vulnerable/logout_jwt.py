# cwe: CWE-613
from fastapi import APIRouter, Depends

from .auth import get_current_user

router = APIRouter()


@router.post("/logout")
def logout(user=Depends(get_current_user)):
    return {"message": "Logged out successfully"}
