# cwe: CWE-78
import subprocess

from django.http import JsonResponse


def dns_lookup(request):
    domain = request.GET.get("domain", "")
    cmd = "nslookup " + domain
    proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, _ = proc.communicate()
    return JsonResponse({"result": out.decode()})
