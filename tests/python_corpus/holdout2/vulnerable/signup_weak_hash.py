# cwe: CWE-328
import hashlib
from django.http import JsonResponse
from .models import Account


def signup(request):
    email = request.POST["email"]
    pwd = request.POST["password"]
    Account.objects.create(email=email, password_digest=hashlib.sha1(pwd.encode()).hexdigest())
    return JsonResponse({"ok": True})
