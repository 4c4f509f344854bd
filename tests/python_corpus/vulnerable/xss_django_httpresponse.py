# cwe: CWE-79
from django.http import HttpResponse


def hello(request):
    name = request.GET.get("name", "guest")
    return HttpResponse("<html><body><h1>Welcome " + name + "</h1></body></html>")
