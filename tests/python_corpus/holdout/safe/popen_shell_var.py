import re
import subprocess

from django.http import JsonResponse

DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)


def dns_lookup(request):
    domain = request.GET.get("domain", "")
    if not DOMAIN.match(domain):
        return JsonResponse({"error": "invalid domain"}, status=400)
    proc = subprocess.run(["nslookup", domain], capture_output=True, timeout=10)
    return JsonResponse({"result": proc.stdout.decode()})
