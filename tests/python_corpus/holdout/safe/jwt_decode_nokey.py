import jwt
from django.conf import settings
from django.http import JsonResponse


def whoami(request):
    token = request.COOKIES.get("access_token", "")
    try:
        payload = jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return JsonResponse({"error": "unauthorized"}, status=401)
    return JsonResponse({"username": payload["username"]})
