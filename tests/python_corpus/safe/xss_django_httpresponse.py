from django.http import HttpResponse
from django.utils.html import escape


def hello(request):
    name = request.GET.get("name", "guest")
    return HttpResponse("<html><body><h1>Welcome " + escape(name) + "</h1></body></html>")
