# cwe: CWE-209
import traceback

from flask import Flask, jsonify, request

from .carriers import CarrierClient, QuoteRequest

app = Flask(__name__)
carrier = CarrierClient.from_env()


@app.post("/api/shipping/quote")
def shipping_quote():
    data = request.get_json(force=True)
    try:
        quote_req = QuoteRequest(
            origin_zip=data["origin_zip"],
            dest_zip=data["dest_zip"],
            weight_kg=float(data["weight_kg"]),
            service=data.get("service", "ground"),
        )
        quotes = carrier.get_quotes(quote_req)
        return jsonify([q.to_dict() for q in quotes])
    except KeyError as e:
        return jsonify(error=f"missing field {e}"), 400
    except Exception as e:
        return (
            jsonify(
                error=str(e),
                type=type(e).__name__,
                trace=traceback.format_exc(),
            ),
            500,
        )
