import os
import uuid

from flask import Flask, abort, redirect, request, url_for

app = Flask(__name__)
app.config["UPLOAD_FOLDER"] = "static/uploads"
ALLOWED_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif"}


@app.route("/upload", methods=["POST"])
def upload_file():
    file = request.files.get("file")
    if file is None or file.filename == "":
        return redirect(request.url)
    ext = os.path.splitext(file.filename)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        abort(400)
    filename = f"{uuid.uuid4().hex}{ext}"
    file.save(os.path.join(app.config["UPLOAD_FOLDER"], filename))
    return redirect(url_for("uploaded", name=filename))
