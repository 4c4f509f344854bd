# cwe: CWE-89
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .models import Article


@require_GET
def article_search(request):
    term = request.GET.get("q", "")
    articles = Article.objects.raw(f"SELECT * FROM blog_article WHERE title LIKE '%%{term}%%'")
    return JsonResponse({"results": [a.title for a in articles]})
