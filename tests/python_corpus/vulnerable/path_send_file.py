# cwe: CWE-22
import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
UPLOAD_FOLDER = "/srv/app/uploads"


@app.route("/download")
def download():
    filename = request.args.get("file")
    if not filename:
        abort(400)
    path = os.path.join(UPLOAD_FOLDER, filename)
    if not os.path.exists(path):
        abort(404)
    return send_file(path, as_attachment=True)
