# cwe: CWE-918
import requests
from flask import Flask, request, Response

app = Flask(__name__)


@app.route("/avatar/import", methods=["POST"])
def import_avatar():
    avatar_url = request.form["avatar_url"]
    img = requests.get(avatar_url, timeout=10)
    return Response(img.content, mimetype=img.headers.get("content-type", "image/png"))
