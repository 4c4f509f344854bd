from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .models import Article


@require_GET
def article_search(request):
    term = request.GET.get("q", "")
    articles = Article.objects.filter(title__icontains=term)
    return JsonResponse({"results": [a.title for a in articles]})
