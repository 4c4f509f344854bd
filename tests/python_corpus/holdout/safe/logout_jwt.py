from fastapi import APIRouter, Depends

from .auth import get_current_user, get_token_jti, revoked_tokens

router = APIRouter()


@router.post("/logout")
def logout(user=Depends(get_current_user), jti: str = Depends(get_token_jti)):
    revoked_tokens.add(jti)
    return {"message": "Logged out successfully"}
