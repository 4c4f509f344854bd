from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect

from .models import Note


@login_required
def note_list(request):
    notes = Note.objects.filter(owner=request.user).values("id", "title")
    return JsonResponse({"notes": list(notes)})


@login_required
def note_detail(request, note_id):
    note = Note.objects.filter(owner=request.user, pk=note_id).first()
    if note is None:
        return JsonResponse({"error": "not found"}, status=404)
    return JsonResponse({"id": note.id, "title": note.title})


def logout_view(request):
    logout(request)
    return redirect("home")
