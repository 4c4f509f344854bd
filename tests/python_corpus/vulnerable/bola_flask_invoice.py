# cwe: CWE-639
from flask import Flask, jsonify
from flask_login import login_required

from models import Invoice

app = Flask(__name__)


@app.route("/api/invoices/<int:invoice_id>")
@login_required
def get_invoice(invoice_id):
    invoice = Invoice.query.get_or_404(invoice_id)
    return jsonify(invoice.to_dict())
