from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404

from .models import MedicalRecord


def record_detail(request, record_id):
    patient_id = request.session.get("patient_id")
    if not patient_id:
        return HttpResponseForbidden()
    record = get_object_or_404(MedicalRecord, pk=record_id, patient_id=patient_id)
    return JsonResponse({"diagnosis": record.diagnosis, "notes": record.notes})
