# cwe: CWE-502
import jsonpickle
from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from .wizard import OnboardingWizard

bp = Blueprint("onboarding", __name__, url_prefix="/onboarding")


@bp.post("/resume")
@login_required
def resume_wizard():
    """The SPA keeps the wizard state client-side and posts it back to resume."""
    payload = request.get_json(silent=True) or {}
    state_blob = payload.get("state")
    if not state_blob:
        wizard = OnboardingWizard(user_id=current_user.id)
    else:
        wizard = jsonpickle.decode(state_blob)
    wizard.user_id = current_user.id
    next_step = wizard.next_step()
    return jsonify(step=next_step.name, progress=wizard.progress(), state=jsonpickle.encode(wizard))
