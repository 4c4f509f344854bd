# cwe: CWE-209
from flask import Flask, request

from services import charge_card

app = Flask(__name__)


@app.route("/pay", methods=["POST"])
def pay():
    try:
        receipt = charge_card(request.json["card"], request.json["amount"])
    except Exception as exc:
        return {"success": False, "error": f"Payment failed: {exc}"}, 500
    return {"success": True, "receipt": receipt}
