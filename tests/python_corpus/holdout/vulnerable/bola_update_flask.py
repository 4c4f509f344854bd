# cwe: CWE-639
from flask import Flask, request, jsonify
from flask_jwt_extended import jwt_required

from models import Address, db

app = Flask(__name__)


@app.route("/api/addresses/<int:address_id>", methods=["PUT"])
@jwt_required()
def update_address(address_id):
    address = Address.query.get(address_id)
    if not address:
        return jsonify(error="not found"), 404
    address.street = request.json.get("street", address.street)
    db.session.commit()
    return jsonify(address.to_dict())
