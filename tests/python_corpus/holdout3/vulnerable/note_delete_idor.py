# cwe: CWE-639
from flask import Blueprint, redirect, url_for
from flask_login import login_required

from .models import Note, db

bp = Blueprint("notes", __name__)


@bp.route("/notes/<note_id>/delete", methods=["POST"])
@login_required
def delete_note(note_id):
    note = db.session.get(Note, note_id)
    db.session.delete(note)
    db.session.commit()
    return redirect(url_for("notes.index"))
