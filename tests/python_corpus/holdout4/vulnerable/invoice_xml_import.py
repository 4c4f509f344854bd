# cwe: CWE-611
from decimal import Decimal

from fastapi import FastAPI, File, HTTPException, UploadFile
from lxml import etree

app = FastAPI()

NS = {"inv": "urn:acme:invoice:1.0"}


def parse_invoice(xml_bytes: bytes) -> dict:
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    root = etree.fromstring(xml_bytes, parser=parser)
    lines = []
    for line in root.findall("inv:Line", NS):
        lines.append(
            {
                "description": line.findtext("inv:Description", namespaces=NS),
                "quantity": int(line.findtext("inv:Quantity", namespaces=NS)),
                "unit_price": str(Decimal(line.findtext("inv:UnitPrice", namespaces=NS))),
            }
        )
    return {
        "number": root.findtext("inv:Number", namespaces=NS),
        "supplier": root.findtext("inv:Supplier/inv:Name", namespaces=NS),
        "lines": lines,
    }


@app.post("/invoices/import")
async def import_invoice(file: UploadFile = File(...)):
    data = await file.read()
    try:
        invoice = parse_invoice(data)
    except etree.XMLSyntaxError:
        raise HTTPException(status_code=400, detail="malformed XML")
    return invoice
