from flask import Flask, abort, jsonify, session

from .models import Invoice, db

app = Flask(__name__)


@app.get("/api/invoices/<int:invoice_id>")
def get_invoice(invoice_id):
    if "user_id" not in session:
        abort(401)
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or invoice.owner_id != session["user_id"]:
        abort(404)
    return jsonify(invoice.to_dict())
