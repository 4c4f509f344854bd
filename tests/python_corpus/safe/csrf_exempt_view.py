import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
@login_required
def update_email(request):
    data = json.loads(request.body)
    request.user.email = data["email"]
    request.user.save()
    return JsonResponse({"ok": True})
