# cwe: CWE-89
from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required
from sqlalchemy import text

from .extensions import db

bp = Blueprint("analytics", __name__, url_prefix="/analytics")

ALLOWED_INTERVALS = {"hour", "day", "week"}


@bp.get("/events")
@login_required
def event_counts():
    interval = request.args.get("interval", "day")
    if interval not in ALLOWED_INTERVALS:
        interval = "day"
    event_name = request.args.get("event", "page_view")
    project_id = current_user.active_project_id

    stmt = text(
        f"""
        SELECT date_trunc('{interval}', occurred_at) AS bucket, count(*) AS n
        FROM events
        WHERE project_id = :project_id AND name = '{event_name}'
        GROUP BY bucket
        ORDER BY bucket
        """
    )
    result = db.session.execute(stmt, {"project_id": project_id})
    return jsonify([{"bucket": r.bucket.isoformat(), "count": r.n} for r in result])
