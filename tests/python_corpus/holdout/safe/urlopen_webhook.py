import ipaddress
import json
import socket
import urllib.request
from urllib.parse import urlparse

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/webhooks/test", methods=["POST"])
def test_webhook():
    target = request.form["callback_url"]
    parsed = urlparse(target)
    if parsed.scheme != "https" or not parsed.hostname:
        abort(400)
    addr = ipaddress.ip_address(socket.gethostbyname(parsed.hostname))
    if addr.is_private or addr.is_loopback or addr.is_link_local:
        abort(400)
    req = urllib.request.Request(target, data=json.dumps({"ping": True}).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=5) as resp:
        return {"status": resp.status}
