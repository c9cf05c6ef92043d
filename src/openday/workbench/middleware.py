"""Middleware of the staff front end.

``NoStoreMiddleware``: no staff or admin response is kept by a browser or a proxy.

``PasswordChangeRequiredMiddleware``: a person whose password someone else set changes it
before using the workbench. Whether they must is read once, when they sign in
(``remember_must_change``, connected to ``user_logged_in`` in ``WorkbenchConfig.ready``), and
kept in the session, so staff pages ask the database nothing more. Changing the password
clears it.
"""

from django.shortcuts import redirect
from django.urls import reverse

from openday.orgs.selectors import must_change_password

MUST_CHANGE_KEY = "openday_must_change_password"


def remember_must_change(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[MUST_CHANGE_KEY] = True
        else:
            request.session.pop(MUST_CHANGE_KEY, None)


class PasswordChangeRequiredMiddleware:
    """Sends such a person to the change page from every staff page but signing out, the
    change page itself and the one-time link."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.staff = ""  # the staff prefix, reversed on the first request (URLs loaded by then)

    def __call__(self, request):
        if not self.staff:
            self.staff = reverse("staff:home")
        staff = self.staff
        if request.path.startswith(staff) and request.session.get(MUST_CHANGE_KEY):
            change = reverse("staff:account-password")
            free = (reverse("staff:logout"), reverse("staff:login"))
            if request.path not in free and not request.path.startswith(f"{staff}account/"):
                return redirect(change)
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response under /staff/ and /admin/.

    Staff pages and downloads carry names, unpublished reports and private files: no browser
    history, shared computer or proxy may keep a copy. Whatever a view set is replaced.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes: tuple[str, ...] = ()  # reversed on the first request, then kept

    def __call__(self, request):
        response = self.get_response(request)
        if not self.prefixes:
            self.prefixes = (reverse("staff:home"), reverse("admin:index"))
        if request.path.startswith(self.prefixes):
            response.headers["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response
