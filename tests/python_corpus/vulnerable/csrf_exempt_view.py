# cwe: CWE-352
import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
@login_required
def update_email(request):
    if request.method == "POST":
        data = json.loads(request.body)
        request.user.email = data["email"]
        request.user.save()
        return JsonResponse({"ok": True})
    return JsonResponse({"error": "POST only"}, status=405)
