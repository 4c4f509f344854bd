# cwe: CWE-22
import os
from django.http import HttpResponse, Http404

LOG_DIR = "/var/log/myapp"


def view_log(request):
    log_name = request.GET.get("name", "app.log")
    full_path = os.path.join(LOG_DIR, log_name)
    if not os.path.isfile(full_path):
        raise Http404("log not found")
    with open(full_path) as fh:
        return HttpResponse(fh.read(), content_type="text/plain")
