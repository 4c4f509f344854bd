from django.http import HttpResponse, Http404

LOG_FILES = {"app": "/var/log/myapp/app.log", "worker": "/var/log/myapp/worker.log"}


def view_log(request):
    path = LOG_FILES.get(request.GET.get("name", "app"))
    if path is None:
        raise Http404("log not found")
    with open(path) as fh:
        return HttpResponse(fh.read(), content_type="text/plain")
