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

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.core.models import AuditEntry
from openday.declarations.models import Declaration, DeclarationMerge
from tests.authz import (
    rows_assessment,
    rows_corrections,
    rows_dashboard,
    rows_evidence,
    rows_experiences,
    rows_holidays,
    rows_participation,
    rows_parts,
    rows_people,
    rows_questionnaires,
    rows_rules,
    rows_website,
    rows_year,
)
from tests.authz.table import LOGIN, NOT_ALLOWED, Outcome, Row, row
from tests.authz.world import ROLES, Hosted, World

pytestmark = pytest.mark.authz

METHODS = ("GET", "POST")
STAFF_PREFIX = "staff/"
# Outside /staff/, only the admin's index is in the matrix: the rest of the admin is Django's,
# behind the same staff check.
EXTRA_URLS = frozenset({"admin:index"})

# fmt: off
# URL name → its rows. Every ``row(...)`` reads, in this order:
#   row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city, viewer_other_city,
#       superuser)
_CORE: dict[str, list[Row]] = {
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
    "staff:audit-list": [
        Row("", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:audit-export": [
        Row("", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=NOT_ALLOWED),
    ],
    # --- reminders: one's own inbox and channels; the send log and defaults: the office -------
    "staff:inbox": [
        Row("", lambda w: {},
            GET=row(LOGIN, 200, 200, 200, 200, 200, 200, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:unread": [
        Row("", lambda w: {},
            GET=row(LOGIN, 200, 200, 200, 200, 200, 200, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:mark-read": [
        Row("a1's", lambda w: {"pk": w.notification_a1.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 302, 404, 404, 404, 404, 404, 404)),
    ],
    "staff:mark-all-read": [
        Row("", lambda w: {},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 302, 302, 302, 302, 302, 302, 302)),
    ],
    "staff:preferences": [
        Row("", lambda w: {},
            GET=row(LOGIN, 200, 200, 200, 200, 200, 200, 200),
            POST=row(LOGIN, 400, 400, 400, 400, 400, 400, 400)),
    ],
    "staff:delivery-list": [
        Row("", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:delivery-retry": [
        Row("a", lambda w: {"pk": w.delivery_a1.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 302, 404, 403, 403, 302)),
        Row("b", lambda w: {"pk": w.delivery_b.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 404, 302, 403, 403, 302)),
    ],
    "staff:office-settings": [
        Row("a", lambda w: {"region_slug": w.region_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 404, 404, 200),
            POST=row(LOGIN, 403, 403, 302, 404, 404, 404, 302)),
        Row("b", lambda w: {"region_slug": w.region_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 404, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 302, 404, 404, 302)),
    ],
    "admin:index": [
        Row("", lambda w: {},
            GET=row(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200),
            POST=row(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200)),
    ],
    # --- campaigns: read by the region's people and the viewers above, changed by its office --
    "staff:campaign-new": [
        Row("", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=row(LOGIN, 403, 403, 400, 400, 403, 403, 400)),
        # A complete confirmation for region B: its office and the superuser open the
        # campaign; A's office may not pick a region that is not theirs.
        Row("confirm for b", lambda w: {},
            GET=row(LOGIN, 403, 403, 200, 200, 403, 403, 200),
            POST=row(LOGIN, 403, 403, 400, 302, 403, 403, 302),
            data=lambda w: _campaign_confirmation(w.region_b)),
    ],
    "staff:plan-import": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "staff:campaign-detail": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:campaign-plan-export": [
        Row(f"a {fmt}", lambda w, fmt=fmt: {"slug": w.campaign_a.slug, "fmt": fmt},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for fmt in ("xlsx", "docx", "csv")
    ] + [
        Row("b xlsx", lambda w: {"slug": w.campaign_b.slug, "fmt": "xlsx"},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:campaign-materials": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "staff:campaign-logo": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # --- statistics and banners: the whole campaign for the office, a unit for its liaison ----
    "staff:statistics-campaign": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # The month's summary (月末总结), page and .docx: as the whole campaign's table; a month
    # outside the campaign's year is no page (404) once the reader may read the campaign's.
    **{
        name: [
            Row("a", lambda w: _month(w.campaign_a),
                GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
                POST=NOT_ALLOWED),
            Row("b", lambda w: _month(w.campaign_b),
                GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
                POST=NOT_ALLOWED),
            Row("a, another year", lambda w: _month(w.campaign_a, year=w.campaign_a.year + 1),
                GET=row(LOGIN, 403, 403, 404, 404, 404, 404, 404),
                POST=NOT_ALLOWED),
        ]
        for name in ("staff:campaign-monthly", "staff:campaign-monthly-docx")
    },
    "staff:statistics-unit": [
        Row("a1", lambda w: _unit(w.campaign_a, w.unit_a1),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _unit(w.campaign_a, w.unit_a2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _unit(w.campaign_b, w.unit_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's unit", lambda w: _unit(w.campaign_a, w.unit_b1),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:campaign-banner": [
        Row(f"a1 {fmt}", lambda w, fmt=fmt: _unit(w.campaign_a, w.unit_a1, fmt=fmt),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for fmt in ("docx", "txt")
    ] + [
        Row("a2 txt", lambda w: _unit(w.campaign_a, w.unit_a2, fmt="txt"),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b txt", lambda w: _unit(w.campaign_b, w.unit_b1, fmt="txt"),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's unit", lambda w: _unit(w.campaign_a, w.unit_b1, fmt="txt"),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    # --- activities: read by the region's office, the viewers above and the host unit ---------
    "staff:activity-detail": [
        Row("a1", lambda w: _activity(w.activity_a1),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _activity(w.activity_a2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _activity(w.activity_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's seq", lambda w: {"slug": w.campaign_a.slug, "seq": 99},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    # The pages of filing, notice and report: the host's liaison and the office. The activity
    # is reported, so a POST is refused by the lifecycle (400) once the permission passes.
    **{
        f"staff:activity-{action}": [
            Row("a1", lambda w: _activity(w.activity_a1),
                GET=row(LOGIN, 200, 404, 200, 404, 403, 404, 200),
                POST=row(LOGIN, 400, 404, 400, 404, 403, 404, 400)),
            Row("a2", lambda w: _activity(w.activity_a2),
                GET=row(LOGIN, 404, 200, 200, 404, 403, 404, 200),
                POST=row(LOGIN, 404, 400, 400, 404, 403, 404, 400)),
            Row("b", lambda w: _activity(w.activity_b1),
                GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
                POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        ]
        for action in ("file", "announce", "report")
    },
    # The filed plan names people and phones: the office and the host unit, not the viewers.
    "staff:activity-filing-document": [
        Row("a1", lambda w: _activity(w.activity_a1, filing_id=w.activity_a1.filing.pk),
            GET=row(LOGIN, 200, 404, 200, 404, 403, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _activity(w.activity_a2, filing_id=w.activity_a2.filing.pk),
            GET=row(LOGIN, 404, 200, 200, 404, 403, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _activity(w.activity_b1, filing_id=w.activity_b1.filing.pk),
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=NOT_ALLOWED),
        Row("a1 + a2's filing",
            lambda w: _activity(w.activity_a1, filing_id=w.activity_a2.filing.pk),
            GET=row(LOGIN, 404, 404, 404, 404, 403, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:activity-photo": [
        Row(f"a1 {size}",
            lambda w, size=size: _activity(w.activity_a1, photo_id=w.activity_a1.photo.pk,
                                           size=size),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for size in ("full", "thumb")
    ] + [
        Row("a2 full",
            lambda w: _activity(w.activity_a2, photo_id=w.activity_a2.photo.pk, size="full"),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b thumb",
            lambda w: _activity(w.activity_b1, photo_id=w.activity_b1.photo.pk, size="thumb"),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a1 + b's photo",
            lambda w: _activity(w.activity_a1, photo_id=w.activity_b1.photo.pk, size="full"),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:activity-attachment": [
        Row("a1",
            lambda w: _activity(w.activity_a1, attachment_id=w.activity_a1.attachment.pk),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2",
            lambda w: _activity(w.activity_a2, attachment_id=w.activity_a2.attachment.pk),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b",
            lambda w: _activity(w.activity_b1, attachment_id=w.activity_b1.attachment.pk),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a1 + a2's attachment",
            lambda w: _activity(w.activity_a1, attachment_id=w.activity_a2.attachment.pk),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:activity-video": [
        Row("a1", lambda w: _activity(w.activity_a1),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _activity(w.activity_a2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _activity(w.activity_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # The small actions: POST only. A liaison's (schedule, hold, postpone) and the office's
    # (accept, return, publish, cancel). On the reported activity, "accept" with an empty body
    # goes through (302); the rest is refused by its form or the lifecycle (400).
    "staff:activity-transition": [
        Row(f"a1 {action}", lambda w, action=action: _activity(w.activity_a1, action=action),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 400, 404, 400, 404, 403, 404, 400))
        for action in ("schedule", "hold", "postpone")
    ] + [
        Row("a1 accept", lambda w: _activity(w.activity_a1, action="accept"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 404, 302, 404, 403, 404, 302)),
    ] + [
        Row(f"a1 {action}", lambda w, action=action: _activity(w.activity_a1, action=action),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 404, 400, 404, 403, 404, 400))
        for action in ("return", "publish", "cancel")
    ] + [
        Row("a2 hold", lambda w: _activity(w.activity_a2, action="hold"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 400, 400, 404, 403, 404, 400)),
        Row("a2 accept", lambda w: _activity(w.activity_a2, action="accept"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 403, 302, 404, 403, 404, 302)),
        Row("b hold", lambda w: _activity(w.activity_b1, action="hold"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("b accept", lambda w: _activity(w.activity_b1, action="accept"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
        Row("a1 unknown action", lambda w: _activity(w.activity_a1, action="delete"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    # --- declarations: a unit's own for its liaisons, all of them for the office and viewers --
    "staff:declaration-list": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:window-edit": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "staff:declaration-export-all": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # The form is the unit's liaison's alone; the office and viewers who may read it get 403.
    # The campaign is running, so a liaison's POST is refused by the service (400).
    "staff:declaration-edit": [
        Row("a1", lambda w: _unit(w.campaign_a, w.unit_a1),
            GET=row(LOGIN, 200, 404, 403, 404, 403, 404, 403),
            POST=row(LOGIN, 400, 404, 403, 404, 403, 404, 403)),
        Row("a2", lambda w: _unit(w.campaign_a, w.unit_a2),
            GET=row(LOGIN, 404, 200, 403, 404, 403, 404, 403),
            POST=row(LOGIN, 404, 400, 403, 404, 403, 404, 403)),
        Row("b", lambda w: _unit(w.campaign_b, w.unit_b1),
            GET=row(LOGIN, 404, 404, 404, 403, 403, 404, 403),
            POST=row(LOGIN, 404, 404, 404, 403, 403, 404, 403)),
        Row("a + b's unit", lambda w: _unit(w.campaign_a, w.unit_b1),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    "staff:declaration-detail": [
        Row("a1", lambda w: _declaration(w.campaign_a, w.declaration_a1),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _declaration(w.campaign_a, w.declaration_a2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _declaration(w.campaign_b, w.declaration_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's declaration", lambda w: _declaration(w.campaign_a, w.declaration_b1),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    "staff:declaration-export": [
        Row(f"a1 {fmt}", lambda w, fmt=fmt: _declaration(w.campaign_a, w.declaration_a1, fmt=fmt),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED)
        for fmt in ("xlsx", "docx")
    ] + [
        Row("a2 xlsx", lambda w: _declaration(w.campaign_a, w.declaration_a2, fmt="xlsx"),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b docx", lambda w: _declaration(w.campaign_b, w.declaration_b1, fmt="docx"),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    "staff:declaration-stamp": [
        Row("a1", lambda w: _declaration(w.campaign_a, w.declaration_a1),
            GET=row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a2", lambda w: _declaration(w.campaign_a, w.declaration_a2),
            GET=row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: _declaration(w.campaign_b, w.declaration_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a + b's declaration", lambda w: _declaration(w.campaign_a, w.declaration_b1),
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
    # Review: the office only. The declarations are accepted and the plan published, so an
    # accept or a return is refused by the service (400) once the permission passes.
    "staff:declaration-review": [
        Row(f"a1 {action}",
            lambda w, action=action: _declaration(w.campaign_a, w.declaration_a1, action=action),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 404, 400, 404, 403, 404, 400))
        for action in ("accept", "return")
    ] + [
        Row("a2 return", lambda w: _declaration(w.campaign_a, w.declaration_a2, action="return"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 403, 400, 404, 403, 404, 400)),
        Row("b return", lambda w: _declaration(w.campaign_b, w.declaration_b1, action="return"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("a + b's declaration",
            lambda w: _declaration(w.campaign_a, w.declaration_b1, action="return"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
        Row("a1 unknown action",
            lambda w: _declaration(w.campaign_a, w.declaration_a1, action="delete"),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    # --- the plan: compiled and published by the office; read by the viewers above ------------
    "staff:plan-review": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
    ],
    # The campaign is running: compile, publish and undoing a merge are refused by the service
    # and come back to the plan page with a message (302).
    **{
        f"staff:plan-{step}": [
            Row("a", lambda w: {"slug": w.campaign_a.slug},
                GET=NOT_ALLOWED,
                POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302)),
            Row("b", lambda w: {"slug": w.campaign_b.slug},
                GET=NOT_ALLOWED,
                POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
        ]
        for step in ("compile", "publish")
    },
    "staff:merge-create": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
    ],
    "staff:merge-delete": [
        Row("a", lambda w: {"slug": w.campaign_a.slug, "pk": w.merge_a.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302)),
        Row("b", lambda w: {"slug": w.campaign_b.slug, "pk": w.merge_b.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
        Row("a + b's merge", lambda w: {"slug": w.campaign_a.slug, "pk": w.merge_b.pk},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 404, 404, 403, 404, 404)),
    ],
}
# fmt: on

# Each area's pages keep their rows in their own module (``rows_*.py``, same vocabulary).
MATRIX: dict[str, list[Row]] = {
    **_CORE,
    **rows_year.ROWS,
    **rows_experiences.ROWS,
    **rows_people.ROWS,
    **rows_holidays.ROWS,
    **rows_rules.ROWS,
    **rows_corrections.ROWS,
    **rows_website.ROWS,
    **rows_participation.ROWS,
    **rows_questionnaires.ROWS,
    **rows_parts.ROWS,
    **rows_dashboard.ROWS,
    **rows_assessment.ROWS,
    **rows_evidence.ROWS,
}

# Answers that differ from the table because of a bug in the application, each with why
# it matters. The table keeps the right answer; these run as strict xfails.
# (URL name, variant, role, method) → reason
LEAKS: dict[tuple[str, str, str, str], str] = {}


def _campaign_confirmation(region) -> dict:
    return {
        "confirm": "1",
        "region": region.pk,
        "year": 2024,
        "slug": f"{region.slug}-2024",
        "title": f"{region.name}2024年“政务公开主题日”活动实施方案",
        "filing_lead_unit": "working",
        "report_due_unit": "working",
        "publicity_due_unit": "calendar",
    }


def _unit(campaign: Campaign, unit, **more) -> dict:
    """``unit`` through ``campaign``'s URL (another region's unit: a mixed path)."""
    return {"slug": campaign.slug, "unit_id": unit.pk, **more}


def _month(campaign: Campaign, *, year: int | None = None) -> dict:
    """June of ``campaign``'s year (or of ``year``)."""
    return {"slug": campaign.slug, "year": year or campaign.year, "month": 6}


def _activity(hosted: Hosted, **more) -> dict:
    return {"slug": hosted.activity.campaign.slug, "seq": hosted.activity.seq, **more}


def _declaration(campaign: Campaign, declaration: Declaration, **more) -> dict:
    """``declaration`` through ``campaign``'s URL (another campaign's: a mixed path)."""
    return {"slug": campaign.slug, "pk": declaration.pk, **more}


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


# Rows counted, and (of those with a state) the last ``updated_at``.
FINGERPRINTED = (AuditEntry, DeclarationMerge, Campaign, Activity, Declaration)
STAMPED = (Campaign, Activity, Declaration)


def fingerprint() -> tuple:
    """What a request must not change unless it succeeds, in one query (it runs twice per
    request): the audit log, where every service writes; rows added or removed; and the last
    change to what carries a state (activities, declarations, campaigns)."""
    table = {m: connection.ops.quote_name(m._meta.db_table) for m in FINGERPRINTED}
    # Only the models' own table names, quoted, go into the SQL: nothing from outside.
    columns = [f"(SELECT COUNT(*) FROM {table[m]})" for m in FINGERPRINTED]  # noqa: S608
    columns += [f"(SELECT MAX(updated_at) FROM {table[m]})" for m in STAMPED]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        return cursor.fetchone()


class Asker:
    """Asks the world's URLs as its people: one signed-in client per role, each request in a
    savepoint rolled back afterwards, so every request meets the world as it was built."""

    def __init__(self, world: World):
        self.world = world
        self.clients: dict[str, Client] = {}
        self.logout_url = reverse("staff:logout")

    def client(self, role: str) -> Client:
        if role not in self.clients:
            client = Client()
            if self.world.users[role] is not None:
                client.force_login(self.world.users[role])
            self.clients[role] = client
        return self.clients[role]

    def ask(self, role: str, method: str, url: str, data: dict) -> tuple[Outcome, bool]:
        """The outcome of ``method`` on ``url`` as ``role``, and whether data changed."""
        client = self.client(role)
        with transaction.atomic():
            before = fingerprint()
            response = client.get(url) if method == "GET" else client.post(url, data)
            if response.streaming:
                # Streamed bodies (files, the audit CSV) are read here, where their queries
                # run; reading to the end closes the response as a server would. (Closing it
                # again would close the database connection in the middle of the test.)
                b"".join(response.streaming_content)
            changed = fingerprint() != before
            transaction.set_rollback(True)
        if url == self.logout_url:
            del self.clients[role]  # signed out (its session was rolled back, but still)
        return outcome_of(response), changed

    def check(self, name: str, row: Row, role: str, method: str) -> str | None:
        """None when ``role`` gets what the table says; else what went wrong."""
        url = reverse(name, kwargs=row.kwargs(self.world))
        expected = getattr(row, method)[role]
        got, changed = self.ask(role, method, url, row.data(self.world))
        if got != expected:
            return (
                f"{method} {url} ({row.variant or name}) as {role}: expected {expected}, got {got}"
            )
        if changed and not (method == "POST" and got == 302):
            return f"{method} {url} ({row.variant or name}) as {role}: answered {got}, changed data"
        return None


def _matrix_params():
    for name in MATRIX:
        yield pytest.param(name, None, id=name)
    for (name, variant, role, method), reason in LEAKS.items():
        yield pytest.param(
            name,
            (variant, role, method),
            id=f"{name} {variant} {method} {role}",
            marks=pytest.mark.xfail(strict=True, reason=reason),
        )


@pytest.mark.parametrize(("name", "leak"), list(_matrix_params()))
def test_matrix(world, name, leak):
    """Every row of ``name`` × every role × GET and POST; or, for a known leak, only its cell
    (a strict xfail: it fails while the leak is there, and passes — failing the run — once
    it is fixed, so that the entry is removed)."""
    asker = Asker(world)
    cells = [
        (row, role, method)
        for row in MATRIX[name]
        for role in ROLES
        for method in METHODS
        if leak == (row.variant, role, method)
        or (leak is None and (name, row.variant, role, method) not in LEAKS)
    ]
    problems = [p for cell in cells if (p := asker.check(name, *cell))]
    assert not problems, "\n".join(problems)


def test_posts_without_a_csrf_token_are_refused(world):
    """Everything the superuser may post is refused without the form's CSRF token (403), and
    changes nothing: a page on another site cannot post for a signed-in user."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["superuser"])
    problems = []
    for name, rows in MATRIX.items():
        for each in rows:
            if each.POST["superuser"] not in (200, 302, 400):
                continue
            url = reverse(name, kwargs=each.kwargs(world))
            before = fingerprint()
            response = client.post(url, each.data(world))
            if response.status_code != 403 or fingerprint() != before:
                problems.append(f"POST {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


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
    """A new page under /staff/ fails here until its rows are in ``MATRIX``; a row of a page
    that is gone fails too."""
    assert set(MATRIX) == set(staff_url_names()) | EXTRA_URLS


def test_every_known_leak_names_a_cell_of_the_matrix():
    cells = {
        (name, row.variant, role, method)
        for name, rows in MATRIX.items()
        for row in rows
        for role in ROLES
        for method in METHODS
    }
    assert set(LEAKS) <= cells


def test_variants_of_a_url_have_distinct_names():
    for name, rows in MATRIX.items():
        variants = [row.variant for row in rows]
        assert len(variants) == len(set(variants)), name


def test_the_world_has_one_person_per_role_and_only_the_superuser_is_staff(world):
    # The admin's index tells staff from the rest by ``is_staff`` alone.
    assert list(world.users) == list(ROLES)
    staff = get_user_model().objects.filter(is_staff=True)
    assert list(staff) == [world.users["superuser"]]
