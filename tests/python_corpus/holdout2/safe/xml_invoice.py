from defusedxml.lxml import fromstring
from django.http import JsonResponse


def upload_invoice(request):
    doc = fromstring(request.body)
    total = doc.findtext("total")
    return JsonResponse({"total": total})
