# cwe: CWE-208
import os

from flask import Flask, abort, request

app = Flask(__name__)
WEBHOOK_TOKEN = os.environ["WEBHOOK_TOKEN"]


@app.post("/hooks/deploy")
def deploy_hook():
    tok = request.headers.get("X-Hook-Token", "")
    if tok != WEBHOOK_TOKEN:
        abort(403)
    return {"queued": True}
