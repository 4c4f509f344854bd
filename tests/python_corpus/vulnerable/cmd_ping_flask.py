# cwe: CWE-78
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/tools/ping", methods=["POST"])
def ping():
    host = request.form["host"]
    output = subprocess.check_output(f"ping -c 3 {host}", shell=True, text=True)
    return {"output": output}
