# cwe: CWE-611
from xml.dom import minidom

from flask import Flask, request

app = Flask(__name__)


@app.route("/api/orders/xml", methods=["POST"])
def orders_xml():
    doc = minidom.parseString(request.get_data())
    ids = [n.getAttribute("id") for n in doc.getElementsByTagName("order")]
    return {"ids": ids}
