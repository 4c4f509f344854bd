import os

from flask import Blueprint, current_app, send_from_directory
from flask_login import current_user, login_required

reports_bp = Blueprint("reports", __name__)


def export_dir(org_slug: str) -> str:
    return os.path.join(current_app.config["REPORTS_DIR"], org_slug, "exports")


@reports_bp.route("/reports/download/<path:filename>")
@login_required
def download_report(filename):
    # send_from_directory uses safe_join and returns 404 for paths that escape the directory
    return send_from_directory(
        export_dir(current_user.organization.slug),
        filename,
        as_attachment=True,
    )
