from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user, login_required

from .models import Note, db

bp = Blueprint("notes", __name__)


@bp.route("/notes/<note_id>/delete", methods=["POST"])
@login_required
def delete_note(note_id):
    note = db.session.get(Note, note_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    db.session.delete(note)
    db.session.commit()
    return redirect(url_for("notes.index"))
