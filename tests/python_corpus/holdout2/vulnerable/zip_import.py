# cwe: CWE-22
import zipfile
from flask import Flask, request

app = Flask(__name__)


@app.route("/plugins/install", methods=["POST"])
def install_plugin():
    archive = zipfile.ZipFile(request.files["plugin"])
    for info in archive.infolist():
        target = "plugins/" + info.filename
        with open(target, "wb") as out:
            out.write(archive.read(info))
    return "installed"
