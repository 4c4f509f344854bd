import zipfile
from pathlib import Path
from flask import Flask, abort, request

app = Flask(__name__)
PLUGINS = Path("plugins").resolve()


@app.route("/plugins/install", methods=["POST"])
def install_plugin():
    archive = zipfile.ZipFile(request.files["plugin"])
    for info in archive.infolist():
        target = (PLUGINS / info.filename).resolve()
        if not target.is_relative_to(PLUGINS):
            abort(400)
        target.write_bytes(archive.read(info))
    return "installed"
