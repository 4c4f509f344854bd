import os
import uuid

from django.conf import settings
from django.http import JsonResponse


def upload_avatar(request):
    f = request.FILES["avatar"]
    ext = os.path.splitext(f.name)[1].lower()
    if ext not in {".png", ".jpg", ".jpeg"}:
        return JsonResponse({"error": "bad file type"}, status=400)
    dest = os.path.join(settings.MEDIA_ROOT, "avatars", f"{uuid.uuid4().hex}{ext}")
    with open(dest, "wb") as out:
        for chunk in f.chunks():
            out.write(chunk)
    return JsonResponse({"path": dest})
