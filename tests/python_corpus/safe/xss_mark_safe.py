from django.shortcuts import render
from django.utils.html import format_html


def profile(request):
    bio = request.GET.get("bio", "")
    return render(request, "profile.html", {"bio": format_html("<p>{}</p>", bio)})
