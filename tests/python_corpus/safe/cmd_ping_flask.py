import ipaddress
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/tools/ping", methods=["POST"])
def ping():
    try:
        host = str(ipaddress.ip_address(request.form["host"]))
    except ValueError:
        abort(400)
    output = subprocess.run(["ping", "-c", "3", host], capture_output=True, text=True, timeout=10).stdout
    return {"output": output}
