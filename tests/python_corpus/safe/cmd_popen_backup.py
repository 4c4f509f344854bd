import re
import subprocess

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/admin/backup", methods=["POST"])
def backup():
    db_name = request.json.get("database", "")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", db_name):
        abort(400)
    with open(f"/backups/{db_name}.sql", "wb") as out:
        subprocess.run(["pg_dump", db_name], stdout=out, check=True)
    return jsonify({"status": "ok"})
