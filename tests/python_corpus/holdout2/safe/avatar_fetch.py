from urllib.parse import urlparse

import requests
from flask import Flask, abort, request, Response

app = Flask(__name__)
AVATAR_HOSTS = {"gravatar.com", "avatars.githubusercontent.com"}


@app.route("/avatar/import", methods=["POST"])
def import_avatar():
    avatar_url = request.form["avatar_url"]
    if urlparse(avatar_url).hostname not in AVATAR_HOSTS:
        abort(400)
    img = requests.get(avatar_url, timeout=10, allow_redirects=False)
    return Response(img.content, mimetype="image/png")
