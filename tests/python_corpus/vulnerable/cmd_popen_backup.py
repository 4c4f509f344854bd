# cwe: CWE-78
import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/admin/backup", methods=["POST"])
def backup():
    db_name = request.json.get("database")
    stream = os.popen("pg_dump %s | gzip > /backups/%s.sql.gz" % (db_name, db_name))
    stream.read()
    return jsonify({"status": "ok"})
