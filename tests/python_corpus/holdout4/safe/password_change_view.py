from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # rotates this session's key and auth hash; every other session for the user is invalidated
        update_session_auth_hash(request, user)
        ApiToken.objects.filter(user=user).delete()
        messages.success(request, "Password updated. You have been signed out everywhere else.")
        return redirect("account-settings")
    return render(request, "accounts/change_password.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)  # flushes the server-side session
    return redirect("login")
