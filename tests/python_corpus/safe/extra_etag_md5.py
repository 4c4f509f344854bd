import hashlib
import json

from flask import Flask, request, Response

app = Flask(__name__)
PRODUCTS = [{"id": 1, "name": "lamp"}, {"id": 2, "name": "desk"}]


@app.route("/api/products")
def products():
    body = json.dumps(PRODUCTS)
    etag = hashlib.md5(body.encode()).hexdigest()
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304)
    resp = Response(body, mimetype="application/json")
    resp.headers["ETag"] = etag
    return resp
