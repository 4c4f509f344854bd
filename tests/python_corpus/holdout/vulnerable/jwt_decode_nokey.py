# cwe: CWE-347
import jwt
from django.http import JsonResponse


def whoami(request):
    token = request.COOKIES.get("access_token")
    payload = jwt.decode(token, "", algorithms=["HS256"], options={"verify_signature": False})
    return JsonResponse({"username": payload["username"]})
