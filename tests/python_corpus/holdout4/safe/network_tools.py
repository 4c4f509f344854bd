import ipaddress
import re
import subprocess

from flask import Flask, jsonify, request
from flask_login import login_required

app = Flask(__name__)

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)


def valid_target(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(HOSTNAME_RE.match(host))


def run_diagnostic(tool: str, host: str, count: int = 4) -> str:
    commands = {
        "ping": ["ping", "-c", str(count), "-W", "2", "--", host],
        "traceroute": ["traceroute", "-m", "20", "--", host],
        "dig": ["dig", "+short", host],
    }
    argv = commands.get(tool, commands["dig"])
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    return completed.stdout or completed.stderr


@app.post("/diagnostics")
@login_required
def diagnostics():
    payload = request.get_json(force=True)
    host = payload.get("host", "").strip()
    tool = payload.get("tool", "ping")
    count = max(1, min(int(payload.get("count", 4)), 10))
    if not valid_target(host):
        return jsonify(error="host must be a hostname or IP address"), 400
    output = run_diagnostic(tool, host, count)
    return jsonify(tool=tool, host=host, output=output)
