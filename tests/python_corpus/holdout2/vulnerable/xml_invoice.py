# cwe: CWE-611
from lxml import etree
from django.http import JsonResponse


def upload_invoice(request):
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    doc = etree.fromstring(request.body, parser=parser)
    total = doc.findtext("total")
    return JsonResponse({"total": total})
