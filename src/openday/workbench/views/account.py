"""A person's own password: change it (every staff user; forced after someone else set it,
see ``workbench.middleware``), or set it through a one-time link from the office."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from openday.orgs import people
from openday.workbench.middleware import MUST_CHANGE_KEY


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    forced = bool(request.session.get(MUST_CHANGE_KEY))
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        people.account_password_change(
            actor=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        request.session.pop(MUST_CHANGE_KEY, None)
        messages.success(request, "密码已修改。")
        return redirect("staff:home")
    return render(
        request,
        "workbench/account_password.html",
        {"form": form, "forced": forced, "nav": "account"},
        status=400 if form.errors else 200,
    )


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation, for the office's one-time link: the token leaves the URL
    at once (kept in the session), and the link works until the password is set."""

    template_name = "workbench/account_set_password.html"
    success_url = reverse_lazy("staff:login")
    reset_url_token = "new"  # noqa: S105 - a URL word, not a password

    def form_valid(self, form):
        people.account_password_set(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, "密码已设置，请用新密码登录。")
        return HttpResponseRedirect(self.get_success_url())
