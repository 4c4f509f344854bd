# cwe: CWE-1336
from django.http import HttpResponse
from jinja2 import Template


def email_preview(request):
    body = request.POST.get("body", "")
    html = Template("<html><body>" + body + "</body></html>").render(user=request.user.username)
    return HttpResponse(html)
