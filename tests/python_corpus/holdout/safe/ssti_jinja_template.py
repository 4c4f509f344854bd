from django.http import HttpResponse
from jinja2 import Environment, select_autoescape

env = Environment(autoescape=select_autoescape())
EMAIL = env.from_string("<html><body>{{ body }}</body></html>")


def email_preview(request):
    body = request.POST.get("body", "")
    return HttpResponse(EMAIL.render(body=body))
