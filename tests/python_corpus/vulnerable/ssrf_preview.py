# cwe: CWE-918
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/preview", methods=["POST"])
def link_preview():
    url = request.json["url"]
    resp = requests.get(url, timeout=5)
    title = resp.text.split("<title>")[1].split("</title>")[0] if "<title>" in resp.text else ""
    return jsonify({"title": title})
