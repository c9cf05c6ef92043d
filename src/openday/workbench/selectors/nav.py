"""Who the user is on the staff pages: which sections and links they are shown.

Read from the user's ``Scope`` (``openday.core.scope``, memberships read once per request and
cached on the user), so the navigation and every section of a page share one read.
"""

from dataclasses import dataclass

from openday.core.scope import Scope, scope_of
from openday.orgs.enums import Role
from openday.workbench.audit import can_read_audit


@dataclass(frozen=True)
class Roles:
    """The sections the user's roles open, and whether the nav links the audit log."""

    scope: Scope
    is_superuser: bool
    is_liaison: bool
    is_office_admin: bool
    sees_overview: bool
    can_read_audit: bool

    @property
    def home_label(self) -> str:
        """The first page's name: 待办 for whoever has work to do there; a read-only viewer
        has none, and reads how far the campaigns have got (工作进度)."""
        return home_label(self.scope)


def roles_of(who) -> Roles:
    """The roles of ``who`` (a user or a Scope); no query once the scope is read."""
    scope = scope_of(who)
    return Roles(
        scope=scope,
        is_superuser=scope.is_superuser,
        is_liaison=scope.has(Role.UNIT_LIAISON),
        is_office_admin=scope.has(Role.OFFICE_ADMIN),
        sees_overview=scope.is_superuser or scope.has(Role.SUPERIOR_VIEWER),
        can_read_audit=can_read_audit(scope),
    )


def home_label(who) -> str:
    """待办 for an office admin, a liaison or the superuser; 工作进度 for a read-only viewer."""
    scope = scope_of(who)
    has_todos = scope.is_superuser or scope.has(Role.OFFICE_ADMIN) or scope.has(Role.UNIT_LIAISON)
    return "待办" if has_todos else "工作进度"
