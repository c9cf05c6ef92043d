"""The role × URL matrix: every staff URL, asked by every role, answers as the table says.

Every URL pattern under ``/staff/`` (and the admin's index) has rows in ``MATRIX``; a pattern
without one fails ``test_every_staff_url_is_in_the_matrix``, so no page goes in unchecked.
A row fills the URL's parameters from ``World`` and gives, per role and method, what the
answer must be:

- ``200``, or ``302`` to somewhere other than a login page: allowed, done;
- ``400``: allowed, but the empty or minimal body posted is refused by the form or the
  service (the permission check passed; nothing was saved);
- ``LOGIN``: a redirect to a login page that comes back here (``?next=``);
- ``403``: the user sees the object but may not do this;
- ``404``: the user may not know the object exists (another region, another unit);
- ``405``: the method is not one the URL answers.

Both methods are asked of every URL. Each request runs in a savepoint that is rolled back,
so one world serves every role, and it must leave the data as it found it unless it is a
successful POST (``302``): a refused request never writes, GETs never write at all.

Rows marked ``b`` point at region B's objects and ``a2`` at unit A2's: isolation between
regions and between units of one region. Rows named ``… + …`` mix a URL of A with an object
of B or of another activity: the object must not be reachable through someone else's path.
"""

import dataclasses
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.core.models import AuditEntry
from openday.declarations.models import Declaration, DeclarationMerge
from tests.authz.world import ROLES, World

pytestmark = pytest.mark.authz

LOGIN = "login"
METHODS = ("GET", "POST")
STAFF_PREFIX = "staff/"
# Outside /staff/, only the admin's index is in the matrix: the rest of the admin is Django's,
# behind the same staff check.
EXTRA_URLS = frozenset({"admin:index"})

Outcome = int | str


def row(*outcomes: Outcome) -> dict[str, Outcome]:
    """One line of the table: outcomes in the order of ``ROLES`` (see the header below)."""
    return dict(zip(ROLES, outcomes, strict=True))


NOT_ALLOWED = row(*[405] * len(ROLES))


@dataclasses.dataclass(frozen=True)
class Row:
    variant: str
    kwargs: Callable[[World], dict]
    GET: dict[str, Outcome]
    POST: dict[str, Outcome]


# fmt: off
# URL name → its rows. Columns, in every ``row(...)``:
#        anonymous liaison_a1 liaison_a2 admin_a admin_b viewer_city viewer_other_city superuser
MATRIX: dict[str, list[Row]] = {
    # --- signing in and out: public ------------------------------------------------------------
    "staff:login": [
        Row("", lambda w: {},
            GET=row(200, 302, 302, 302, 302, 302, 302, 302),
            POST=row(200, 302, 302, 302, 302, 302, 302, 302)),
    ],
    "staff:logout": [
        Row("", lambda w: {},
            GET=NOT_ALLOWED,
            POST=row(302, 302, 302, 302, 302, 302, 302, 302)),
    ],
    # --- the workbench: every staff member ---------------------------------------------------
    "staff:home": [
        Row("", lambda w: {},
            GET=row(LOGIN, 200, 200, 200, 200, 200, 200, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:campaign-list": [
        Row("", lambda w: {},
            GET=row(LOGIN, 200, 200, 200, 200, 200, 200, 200),
            POST=NOT_ALLOWED),
    ],
    "workbench:audit-list": [
        Row("", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=NOT_ALLOWED),
    ],
    "workbench:audit-export": [
        Row("", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=NOT_ALLOWED),
    ],
    "admin:index": [
        Row("", lambda w: {},
            GET=row(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200),
            POST=row(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200)),
    ],
    # --- campaigns: read by the region's people and the viewers above, changed by its office --
    "imports:campaign-new": [
        Row("", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=row(LOGIN, 403, 403, 400, 400, 403, 403, 400)),
    ],
    "imports:plan-import": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "staff:campaign-detail": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:campaign-plan-export": [
        Row(f"a {fmt}", lambda w, fmt=fmt: {"slug": w.a.slug, "fmt": fmt},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for fmt in ("xlsx", "docx", "csv")
    ] + [
        Row("b xlsx", lambda w: {"slug": w.b.slug, "fmt": "xlsx"},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:campaign-materials": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "staff:campaign-logo": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # --- statistics and banners: the whole campaign for the office, a unit for its liaison ----
    "staff:statistics-campaign": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:statistics-unit": [
        Row("a1", lambda w: {"slug": w.a.slug, "unit_id": w.unit_a1.pk},
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: {"slug": w.a.slug, "unit_id": w.unit_a2.pk},
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.b.slug, "unit_id": w.unit_b1.pk},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's unit", lambda w: {"slug": w.a.slug, "unit_id": w.unit_b1.pk},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:campaign-banner": [
        Row(f"a1 {fmt}", lambda w, fmt=fmt: {"slug": w.a.slug, "unit_id": w.unit_a1.pk, "fmt": fmt},
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for fmt in ("docx", "txt")
    ] + [
        Row("a2 txt", lambda w: {"slug": w.a.slug, "unit_id": w.unit_a2.pk, "fmt": "txt"},
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b txt", lambda w: {"slug": w.b.slug, "unit_id": w.unit_b1.pk, "fmt": "txt"},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's unit", lambda w: {"slug": w.a.slug, "unit_id": w.unit_b1.pk, "fmt": "txt"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    # --- activities: read by the region's office, the viewers above and the host unit ---------
    "staff:activity-detail": [
        Row("a1", lambda w: _activity(w.a.activity),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _activity(w.a.activity2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _activity(w.b.activity),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's seq", lambda w: {"slug": w.a.slug, "seq": 99},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    # The pages of filing, notice and report: the host's liaison and the office. The activity
    # is reported, so a POST is refused by the lifecycle (400) once the permission passes.
    **{
        f"staff:activity-{action}": [
            Row("a1", lambda w: _activity(w.a.activity),
                GET=row(LOGIN, 200, 404, 200, 404, 403, 404, 200),
                POST=row(LOGIN, 400, 404, 400, 404, 403, 404, 400)),
            Row("a2", lambda w: _activity(w.a.activity2),
                GET=row(LOGIN, 404, 200, 200, 404, 403, 404, 200),
                POST=row(LOGIN, 404, 400, 400, 404, 403, 404, 400)),
            Row("b", lambda w: _activity(w.b.activity),
                GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
                POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        ]
        for action in ("file", "announce", "report")
    },
    # The filed plan names people and phones: the office and the host unit, not the viewers.
    "staff:activity-filing-document": [
        Row("a1", lambda w: _activity(w.a.activity, filing_id=w.a.activity.filing.pk),
            GET=row(LOGIN, 200, 404, 200, 404, 403, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _activity(w.a.activity2, filing_id=w.a.activity2.filing.pk),
            GET=row(LOGIN, 404, 200, 200, 404, 403, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _activity(w.b.activity, filing_id=w.b.activity.filing.pk),
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=NOT_ALLOWED),
        Row("a1 + a2's filing",
            lambda w: _activity(w.a.activity, filing_id=w.a.activity2.filing.pk),
            GET=row(LOGIN, 404, 404, 404, 404, 403, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:activity-photo": [
        Row(f"a1 {size}",
            lambda w, size=size: _activity(w.a.activity, photo_id=w.a.activity.photo.pk, size=size),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for size in ("full", "thumb")
    ] + [
        Row("a2 full",
            lambda w: _activity(w.a.activity2, photo_id=w.a.activity2.photo.pk, size="full"),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b thumb",
            lambda w: _activity(w.b.activity, photo_id=w.b.activity.photo.pk, size="thumb"),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a1 + b's photo",
            lambda w: _activity(w.a.activity, photo_id=w.b.activity.photo.pk, size="full"),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:activity-attachment": [
        Row("a1",
            lambda w: _activity(w.a.activity, attachment_id=w.a.activity.attachment.pk),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2",
            lambda w: _activity(w.a.activity2, attachment_id=w.a.activity2.attachment.pk),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b",
            lambda w: _activity(w.b.activity, attachment_id=w.b.activity.attachment.pk),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a1 + a2's attachment",
            lambda w: _activity(w.a.activity, attachment_id=w.a.activity2.attachment.pk),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:activity-video": [
        Row("a1", lambda w: _activity(w.a.activity),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _activity(w.a.activity2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _activity(w.b.activity),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # The small actions: POST only. A liaison's (schedule, hold, postpone) and the office's
    # (accept, return, publish, cancel). On the reported activity, "accept" with an empty body
    # goes through (302); the rest is refused by its form or the lifecycle (400).
    "staff:activity-transition": [
        Row(f"a1 {action}", lambda w, action=action: _activity(w.a.activity, action=action),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 400, 404, 400, 404, 403, 404, 400))
        for action in ("schedule", "hold", "postpone")
    ] + [
        Row("a1 accept", lambda w: _activity(w.a.activity, action="accept"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 404, 302, 404, 403, 404, 302)),
    ] + [
        Row(f"a1 {action}", lambda w, action=action: _activity(w.a.activity, action=action),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 404, 400, 404, 403, 404, 400))
        for action in ("return", "publish", "cancel")
    ] + [
        Row("a2 hold", lambda w: _activity(w.a.activity2, action="hold"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 400, 400, 404, 403, 404, 400)),
        Row("a2 accept", lambda w: _activity(w.a.activity2, action="accept"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 403, 302, 404, 403, 404, 302)),
        Row("b hold", lambda w: _activity(w.b.activity, action="hold"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("b accept", lambda w: _activity(w.b.activity, action="accept"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
        Row("a1 unknown action", lambda w: _activity(w.a.activity, action="delete"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    # --- declarations: a unit's own for its liaisons, all of them for the office and viewers --
    "declarations:declaration-list": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    "declarations:window-edit": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "declarations:declaration-export-all": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # The form is the unit's liaison's alone; the office and viewers who may read it get 403.
    # The campaign is running, so a liaison's POST is refused by the service (400).
    "declarations:declaration-edit": [
        Row("a1", lambda w: {"slug": w.a.slug, "unit_id": w.unit_a1.pk},
            GET=row(LOGIN, 200, 404, 403, 404, 403, 404, 403),
            POST=row(LOGIN, 400, 404, 403, 404, 403, 404, 403)),
        Row("a2", lambda w: {"slug": w.a.slug, "unit_id": w.unit_a2.pk},
            GET=row(LOGIN, 404, 200, 403, 404, 403, 404, 403),
            POST=row(LOGIN, 404, 400, 403, 404, 403, 404, 403)),
        Row("b", lambda w: {"slug": w.b.slug, "unit_id": w.unit_b1.pk},
            GET=row(LOGIN, 404, 404, 404, 403, 403, 404, 403),
            POST=row(LOGIN, 404, 404, 404, 403, 403, 404, 403)),
        Row("a + b's unit", lambda w: {"slug": w.a.slug, "unit_id": w.unit_b1.pk},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    "declarations:declaration-detail": [
        Row("a1", lambda w: _declaration(w.a, w.a.declaration),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _declaration(w.a, w.a.declaration2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _declaration(w.b, w.b.declaration),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's declaration", lambda w: _declaration(w.a, w.b.declaration),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "declarations:declaration-export": [
        Row(f"a1 {fmt}", lambda w, fmt=fmt: _declaration(w.a, w.a.declaration, fmt=fmt),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for fmt in ("xlsx", "docx")
    ] + [
        Row("a2 xlsx", lambda w: _declaration(w.a, w.a.declaration2, fmt="xlsx"),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b docx", lambda w: _declaration(w.b, w.b.declaration, fmt="docx"),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    "declarations:declaration-stamp": [
        Row("a1", lambda w: _declaration(w.a, w.a.declaration),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _declaration(w.a, w.a.declaration2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _declaration(w.b, w.b.declaration),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's declaration", lambda w: _declaration(w.a, w.b.declaration),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    # Review: the office only. The declarations are accepted and the plan published, so an
    # accept or a return is refused by the service (400) once the permission passes.
    "declarations:declaration-review": [
        Row(f"a1 {action}",
            lambda w, action=action: _declaration(w.a, w.a.declaration, action=action),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 404, 400, 404, 403, 404, 400))
        for action in ("accept", "return")
    ] + [
        Row("a2 return", lambda w: _declaration(w.a, w.a.declaration2, action="return"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 403, 400, 404, 403, 404, 400)),
        Row("b return", lambda w: _declaration(w.b, w.b.declaration, action="return"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("a + b's declaration",
            lambda w: _declaration(w.a, w.b.declaration, action="return"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
        Row("a1 unknown action", lambda w: _declaration(w.a, w.a.declaration, action="delete"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    # --- the plan: compiled and published by the office; read by the viewers above ------------
    "declarations:plan-review": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # The campaign is running: compile, publish and undoing a merge are refused by the service
    # and come back to the plan page with a message (302).
    **{
        f"declarations:plan-{step}": [
            Row("a", lambda w: {"slug": w.a.slug},
                GET=NOT_ALLOWED,
                POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302)),
            Row("b", lambda w: {"slug": w.b.slug},
                GET=NOT_ALLOWED,
                POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
        ]
        for step in ("compile", "publish")
    },
    "declarations:merge-create": [
        Row("a", lambda w: {"slug": w.a.slug},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.b.slug},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "declarations:merge-delete": [
        Row("a", lambda w: {"slug": w.a.slug, "pk": w.a.merge.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302)),
        Row("b", lambda w: {"slug": w.b.slug, "pk": w.b.merge.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
        Row("a + b's merge", lambda w: {"slug": w.a.slug, "pk": w.b.merge.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 404, 404, 403, 404, 404)),
    ],
}
# fmt: on

# Answers that differ from the table because of a bug in the application, each with why
# it matters. The table keeps the right answer; these run as strict xfails.
# (URL name, variant, role, method) → reason
LEAKS: dict[tuple[str, str, str, str], str] = {}


def _activity(activity: Activity, **more) -> dict:
    return {"slug": activity.campaign.slug, "seq": activity.seq, **more}


def _declaration(side, declaration: Declaration, **more) -> dict:
    return {"slug": side.slug, "pk": declaration.pk, **more}


# --- asking ------------------------------------------------------------------------------------


def _login_pages() -> frozenset[str]:
    return frozenset({reverse("staff:login"), reverse("admin:login")})


def outcome_of(response) -> Outcome:
    """The status, or ``LOGIN`` for a redirect to a login page that comes back (``?next=``)."""
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        if location.path in _login_pages() and "next" in parse_qs(location.query):
            return LOGIN
    return response.status_code


def fingerprint() -> tuple:
    """What a request must not change unless it succeeds: the audit log and the states."""
    return (
        AuditEntry.objects.count(),
        tuple(Activity.objects.order_by("pk").values_list("pk", "state")),
        tuple(Declaration.objects.order_by("pk").values_list("pk", "state")),
        tuple(DeclarationMerge.objects.order_by("pk").values_list("pk", flat=True)),
        tuple(Campaign.objects.order_by("pk").values_list("pk", "phase", "logo")),
    )


def ask(world: World, role: str, method: str, url: str) -> tuple[Outcome, bool]:
    """Ask ``url`` as ``role``, in a savepoint rolled back afterwards; returns the outcome
    and whether the data changed."""
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    with transaction.atomic():
        before = fingerprint()
        response = client.get(url) if method == "GET" else client.post(url, {})
        if response.streaming:
            # Streamed bodies (files, the audit CSV) are read here, where their queries run.
            b"".join(response.streaming_content)
        response.close()
        changed = fingerprint() != before
        transaction.set_rollback(True)
    return outcome_of(response), changed


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    row: Row

    @property
    def id(self) -> str:
        return f"{self.name} {self.row.variant}".strip()


CASES = [Case(name, r) for name, rows in MATRIX.items() for r in rows]


def check(world: World, case: Case, role: str, method: str) -> str | None:
    """None when ``role`` gets what the table says with ``method``; else what went wrong."""
    url = reverse(case.name, kwargs=case.row.kwargs(world))
    expected = getattr(case.row, method)[role]
    got, changed = ask(world, role, method, url)
    if got != expected:
        return f"{method} {url} as {role}: expected {expected}, got {got}"
    if changed and not (method == "POST" and got == 302):
        return f"{method} {url} as {role}: answered {got} but changed data"
    return None


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matrix(world, case):
    problems = [
        problem
        for role in ROLES
        for method in METHODS
        if (case.name, case.row.variant, role, method) not in LEAKS
        and (problem := check(world, case, role, method))
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("case", "role", "method"),
    [
        pytest.param(
            case,
            role,
            method,
            id=f"{case.id} {method} {role}",
            marks=pytest.mark.xfail(strict=True, reason=LEAKS[case.name, case.row.variant, role, method]),
        )
        for case in CASES
        for role in ROLES
        for method in METHODS
        if (case.name, case.row.variant, role, method) in LEAKS
    ],
)
def test_known_leak(world, case, role, method):
    assert check(world, case, role, method) is None


# --- coverage ----------------------------------------------------------------------------------


def staff_url_names() -> dict[str, str]:
    """Every URL pattern under /staff/, by its namespaced name → its route."""
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                walk(pattern, route, inner)
            elif isinstance(pattern, URLPattern) and route.startswith(STAFF_PREFIX):
                name = ":".join((*namespaces, pattern.name or f"<unnamed {route}>"))
                assert name not in found, f"two staff URL patterns are named {name}"
                found[name] = route

    walk(get_resolver(), "", ())
    return found


def test_every_staff_url_is_in_the_matrix():
    assert set(MATRIX) == set(staff_url_names()) | EXTRA_URLS


def test_the_world_has_one_user_per_role(world):
    assert list(world.users) == list(ROLES)
    assert get_user_model().objects.filter(is_staff=True).count() == 1
