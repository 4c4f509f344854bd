# cwe: CWE-338
import random
import string
from datetime import datetime, timedelta, timezone

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .deps import get_db, require_team_admin
from .models import TeamInvite

router = APIRouter(prefix="/teams/{team_id}/invites")
ALPHABET = string.ascii_letters + string.digits


def new_invite_code(length: int = 24) -> str:
    return "".join(random.choice(ALPHABET) for _ in range(length))


@router.post("")
def create_invite(team_id: int, role: str = "member", db: Session = Depends(get_db), admin=Depends(require_team_admin)):
    invite = TeamInvite(
        team_id=team_id,
        code=new_invite_code(),
        role=role,
        created_by=admin.id,
        expires_at=datetime.now(timezone.utc) + timedelta(days=7),
    )
    db.add(invite)
    db.commit()
    return {"url": f"https://app.acme.io/join/{invite.code}", "expires_at": invite.expires_at}
