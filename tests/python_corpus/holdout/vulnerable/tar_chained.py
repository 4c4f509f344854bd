# cwe: CWE-22
import tarfile

from flask import Flask, request

app = Flask(__name__)


@app.route("/themes/upload", methods=["POST"])
def upload_theme():
    f = request.files["theme"]
    path = "/tmp/theme.tar"
    f.save(path)
    tarfile.open(path).extractall("themes/")
    return "installed"
