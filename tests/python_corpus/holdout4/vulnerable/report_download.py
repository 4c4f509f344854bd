# cwe: CWE-22
import os

from flask import Blueprint, abort, current_app, send_file
from flask_login import current_user, login_required

reports_bp = Blueprint("reports", __name__)


def report_path(org_slug: str, filename: str) -> str:
    base = current_app.config["REPORTS_DIR"]
    return os.path.join(base, org_slug, "exports", filename)


@reports_bp.route("/reports/download/<path:filename>")
@login_required
def download_report(filename):
    path = report_path(current_user.organization.slug, filename)
    if not os.path.isfile(path):
        abort(404)
    return send_file(path, as_attachment=True, download_name=os.path.basename(path))
