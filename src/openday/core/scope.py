"""What the request's user may reach: their memberships, read once per request.

``Scope`` holds the user and their grants (role, region, unit). Access functions and
permission checks take a Scope, so a page that checks ten things reads memberships once.
``orgs`` knows what a membership is and registers the loader (``set_grant_loader``); core
knows only that grants exist, which keeps it below every domain app.

The scope is cached on the user object for the object's life, the way Django's
``ModelBackend`` caches permissions (``_perm_cache``): a request's user lives for one request.
Code that changes someone's memberships and goes on using the same user object calls
``forget``.
"""

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

_CACHE_ATTR = "_openday_scope"


@dataclass(frozen=True, slots=True)
class Grant:
    """One membership: ``role`` in region ``region_id`` (path ``region_path``), for a unit's
    liaison also the unit, its kind and whether it is active."""

    role: str
    region_id: int
    region_path: str
    unit_id: int | None = None
    unit_kind: str = ""
    unit_active: bool = True
    region_slug: str = ""


GrantLoader = Callable[[object], Iterable[Grant]]
_loader: list[GrantLoader] = []


def set_grant_loader(loader: GrantLoader) -> None:
    _loader[:] = [loader]


class Scope:
    """The user (None for the system: commands, jobs) and their grants."""

    def __init__(self, user, grants: Iterable[Grant] = ()):
        self.user = user
        self.grants = tuple(grants)

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_superuser(self) -> bool:
        return self.is_authenticated and bool(getattr(self.user, "is_superuser", False))

    @property
    def sees_everything(self) -> bool:
        """The system and the site superuser: every region, every action."""
        return self.is_system or self.is_superuser

    def with_role(self, *roles: str) -> tuple[Grant, ...]:
        return tuple(grant for grant in self.grants if grant.role in roles)

    def has(self, role: str, *, region_id: int | None = None) -> bool:
        return any(
            grant.role == role and (region_id is None or grant.region_id == region_id)
            for grant in self.grants
        )

    def region_ids(self, *roles: str) -> set[int]:
        return {grant.region_id for grant in self.with_role(*roles)}

    def unit_ids(self, role: str, *, region_id: int, active_only: bool = False) -> set[int]:
        return {
            grant.unit_id
            for grant in self.grants
            if grant.role == role
            and grant.region_id == region_id
            and grant.unit_id is not None
            and (grant.unit_active or not active_only)
        }

    def unit_kinds(self, role: str, *, region_id: int) -> set[str]:
        return {
            grant.unit_kind
            for grant in self.grants
            if grant.role == role and grant.region_id == region_id and grant.unit_id is not None
        }

    def __repr__(self) -> str:
        who = "system" if self.is_system else getattr(self.user, "username", "?")
        return f"<Scope {who}: {len(self.grants)} grants>"


def scope_of(who) -> Scope:
    """The Scope of a user (cached on the user object), of the system (None), or ``who``
    itself when it already is one."""
    if isinstance(who, Scope):
        return who
    if who is None:
        return Scope(None)
    cached = getattr(who, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    grants = ()
    if getattr(who, "is_authenticated", False) and _loader:
        grants = tuple(_loader[0](who))
    scope = Scope(who, grants)
    with contextlib.suppress(AttributeError):  # an object that takes no attributes
        setattr(who, _CACHE_ATTR, scope)
    return scope


def forget(user) -> None:
    """Drop the cached scope of ``user`` (after changing their memberships)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


class ScopeMiddleware:
    """Puts ``request.scope`` beside ``request.user``; it reads memberships on first use only,
    so public pages that never ask cost nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: scope_of(request.user))
        return self.get_response(request)
