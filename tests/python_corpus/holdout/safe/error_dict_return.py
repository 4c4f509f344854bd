import logging

from flask import Flask, request

from services import PaymentDeclined, charge_card

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/pay", methods=["POST"])
def pay():
    try:
        receipt = charge_card(request.json["card"], request.json["amount"])
    except PaymentDeclined:
        return {"success": False, "error": "Payment declined"}, 402
    except Exception:
        log.exception("payment failed")
        return {"success": False, "error": "Payment failed"}, 500
    return {"success": True, "receipt": receipt}
