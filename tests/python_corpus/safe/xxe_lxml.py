from defusedxml import ElementTree as ET
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    root = ET.fromstring(request.data)
    return {"items": len(root.findall("item"))}
