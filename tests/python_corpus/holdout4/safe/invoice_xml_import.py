from decimal import Decimal

from fastapi import FastAPI, File, HTTPException, UploadFile
from lxml import etree

app = FastAPI()

NS = {"inv": "urn:acme:invoice:1.0"}

# No DTDs, no entity expansion, no network access: invoices are plain data documents.
SAFE_PARSER = etree.XMLParser(
    resolve_entities=False,
    load_dtd=False,
    no_network=True,
    huge_tree=False,
    dtd_validation=False,
)


def parse_invoice(xml_bytes: bytes) -> dict:
    root = etree.fromstring(xml_bytes, parser=SAFE_PARSER)
    if root.getroottree().docinfo.internalDTD is not None:
        raise ValueError("DTDs are not allowed")
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
    except (etree.XMLSyntaxError, ValueError):
        raise HTTPException(status_code=400, detail="malformed or unsupported XML")
    return invoice
