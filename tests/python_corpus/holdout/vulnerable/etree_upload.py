# cwe: CWE-611
import xml.etree.ElementTree as ET

from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/api/import/products", methods=["POST"])
def import_products():
    tree = ET.fromstring(request.data)
    names = [p.findtext("name") for p in tree.iter("product")]
    return jsonify(imported=len(names))
