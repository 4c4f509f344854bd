# cwe: CWE-78
import subprocess

from flask import Flask, jsonify, request
from flask_login import login_required

app = Flask(__name__)


def run_diagnostic(tool: str, host: str, count: int = 4) -> str:
    if tool == "ping":
        cmd = f"ping -c {count} -W 2 {host}"
    elif tool == "traceroute":
        cmd = f"traceroute -m 20 {host}"
    else:
        cmd = f"dig +short {host}"
    completed = subprocess.run(
        cmd, shell=True, capture_output=True, text=True, timeout=30
    )
    return completed.stdout or completed.stderr


@app.post("/diagnostics")
@login_required
def diagnostics():
    payload = request.get_json(force=True)
    host = payload.get("host", "").strip()
    tool = payload.get("tool", "ping")
    if not host:
        return jsonify(error="host is required"), 400
    output = run_diagnostic(tool, host, int(payload.get("count", 4)))
    return jsonify(tool=tool, host=host, output=output)
