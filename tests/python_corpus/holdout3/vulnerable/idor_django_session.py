# cwe: CWE-639
from django.http import HttpResponseForbidden, JsonResponse

from .models import MedicalRecord


def record_detail(request, record_id):
    if not request.session.get("patient_id"):
        return HttpResponseForbidden()
    record = MedicalRecord.objects.get(pk=record_id)
    return JsonResponse({"diagnosis": record.diagnosis, "notes": record.notes})
