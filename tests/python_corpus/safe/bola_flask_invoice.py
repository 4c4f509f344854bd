from flask import Flask, abort, jsonify
from flask_login import current_user, login_required

from models import Invoice

app = Flask(__name__)


@app.route("/api/invoices/<int:invoice_id>")
@login_required
def get_invoice(invoice_id):
    invoice = Invoice.query.get_or_404(invoice_id)
    if invoice.owner_id != current_user.id:
        abort(404)
    return jsonify(invoice.to_dict())
