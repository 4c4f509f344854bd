# cwe: CWE-918
import json
import urllib.request

from flask import Flask, request

app = Flask(__name__)


@app.route("/webhooks/test", methods=["POST"])
def test_webhook():
    target = request.form["callback_url"]
    req = urllib.request.Request(target, data=json.dumps({"ping": True}).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=5) as resp:
        return {"status": resp.status}
