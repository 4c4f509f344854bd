from django.contrib.auth.hashers import make_password
from django.http import JsonResponse
from .models import Account


def signup(request):
    email = request.POST["email"]
    Account.objects.create(email=email, password_digest=make_password(request.POST["password"]))
    return JsonResponse({"ok": True})
