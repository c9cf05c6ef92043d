"""What the pages every role may open show: nothing of another region, nothing of another
unit for a liaison, and no link or phone the role would be refused.

The matrix (``test_matrix``) proves who gets which answer; a page that answers 200 can still
list what is not the reader's, so the pages and downloads that gather data from many objects
(to-do, lists, the audit log, statistics, exports) are read here. Each line names words that
must be on the page (so the check is not empty) and words that must not.
"""

import dataclasses
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.authz.world import World

pytestmark = pytest.mark.authz

# Words that belong to one side of the world only.
REGION_A = "天心"  # the region's name, in its campaign's title
REGION_B = "浏阳"  # the region's name, in its campaign's title and its activity's
UNIT_A1 = "区人力资源社会保障局"
UNIT_A2 = "区教育局"
UNIT_B1 = "市人力资源社会保障局"
ACTIVITY_A1 = "社保政策宣讲"
ACTIVITY_A2 = "招生政策宣讲"
FILING_PHONE = "13812345678"  # the person doing it, on every filing of the world

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclasses.dataclass(frozen=True)
class Look:
    role: str
    shown: tuple[str, ...]
    hidden: tuple[str, ...]


def campaign_a(w: World) -> dict:
    return {"slug": w.campaign_a.slug}


def activity_a1(w: World) -> dict:
    return {"slug": w.campaign_a.slug, "seq": w.activity_a1.activity.seq}


def unit_a1(w: World, **more) -> dict:
    return {"slug": w.campaign_a.slug, "unit_id": w.unit_a1.pk, **more}


# URL name → (its parameters, what each role reading it sees and does not see)
PAGES: dict[str, tuple[Callable[[World], dict], list[Look]]] = {
    "staff:home": (
        lambda w: {},
        [
            Look("liaison_a1", (REGION_A,), (REGION_B, UNIT_A2, ACTIVITY_A2)),
            Look("liaison_a2", (REGION_A,), (REGION_B, UNIT_A1, ACTIVITY_A1)),
            Look("admin_a", (ACTIVITY_A1, ACTIVITY_A2), (REGION_B, UNIT_B1)),
            Look("admin_b", (REGION_B, UNIT_B1), (REGION_A, ACTIVITY_A1, ACTIVITY_A2)),
            Look("viewer_city", (REGION_A, REGION_B), ()),
            Look("viewer_other_city", (), (REGION_A, REGION_B)),
        ],
    ),
    "staff:campaign-list": (
        lambda w: {},
        [
            Look("liaison_a1", (REGION_A,), (REGION_B,)),
            Look("admin_a", (REGION_A,), (REGION_B,)),
            Look("admin_b", (REGION_B,), (REGION_A,)),
            Look("viewer_city", (REGION_A, REGION_B), ()),
            Look("viewer_other_city", (), (REGION_A, REGION_B)),
        ],
    ),
    "staff:audit-list": (
        lambda w: {},
        [
            Look("admin_a", (ACTIVITY_A1, UNIT_A2), (REGION_B, UNIT_B1)),
            Look("admin_b", (REGION_B, UNIT_B1), (REGION_A, ACTIVITY_A1, UNIT_A2)),
            Look("superuser", (ACTIVITY_A1, REGION_B), ()),
        ],
    ),
    "staff:audit-export": (
        lambda w: {},
        [
            Look("admin_a", (ACTIVITY_A1, UNIT_A2), (REGION_B, UNIT_B1)),
            Look("admin_b", (REGION_B, UNIT_B1), (REGION_A, ACTIVITY_A1, UNIT_A2)),
        ],
    ),
    "staff:declaration-list": (
        campaign_a,
        [
            Look("liaison_a1", (UNIT_A1,), (UNIT_A2,)),
            Look("liaison_a2", (UNIT_A2,), (UNIT_A1,)),
            Look("admin_a", (UNIT_A1, UNIT_A2), ()),
            Look("viewer_city", (UNIT_A1, UNIT_A2), ()),
        ],
    ),
    "staff:campaign-materials": (
        campaign_a,
        [
            Look("liaison_a1", (UNIT_A1,), (UNIT_A2,)),
            Look("liaison_a2", (UNIT_A2,), (UNIT_A1,)),
            Look("admin_a", (UNIT_A1, UNIT_A2), ()),
        ],
    ),
    # Downloads built from many rows: a unit's own, or the campaign's and no other's.
    "staff:statistics-unit": (
        unit_a1,
        [
            Look("liaison_a1", (ACTIVITY_A1,), (ACTIVITY_A2, UNIT_A2)),
            Look("viewer_city", (ACTIVITY_A1,), (ACTIVITY_A2, UNIT_A2)),
        ],
    ),
    "staff:statistics-campaign": (
        campaign_a,
        [
            Look("admin_a", (ACTIVITY_A1, ACTIVITY_A2), (REGION_B, UNIT_B1)),
            Look("viewer_city", (ACTIVITY_A1, ACTIVITY_A2), (REGION_B, UNIT_B1)),
        ],
    ),
    "staff:campaign-banner": (
        lambda w: unit_a1(w, fmt="txt"),
        [Look("liaison_a1", (UNIT_A1,), (UNIT_A2,))],
    ),
    "staff:declaration-export-all": (
        campaign_a,
        [
            Look("admin_a", (ACTIVITY_A1, ACTIVITY_A2), (REGION_B, UNIT_B1)),
            Look("viewer_city", (ACTIVITY_A1, ACTIVITY_A2), (REGION_B, UNIT_B1)),
        ],
    ),
    # The filed plan's document and phone: the office and the host unit, not the viewers.
    "staff:activity-detail": (
        activity_a1,
        [
            Look("liaison_a1", (FILING_PHONE, "/document/"), ()),
            Look("admin_a", (FILING_PHONE, "/document/"), ()),
            Look("viewer_city", (ACTIVITY_A1,), (FILING_PHONE, "/document/")),
        ],
    ),
}


def text_of(response) -> str:
    """The page's text; a spreadsheet's cells, joined."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if response["Content-Type"] == XLSX:
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(
            str(value)
            for sheet in book
            for values in sheet.iter_rows(values_only=True)
            for value in values
            if value is not None
        )
    return response.content.decode()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_shows_only_what_the_reader_may_see(world, name):
    kwargs, looks = PAGES[name]
    url = reverse(name, kwargs=kwargs(world))
    problems = []
    for look in looks:
        client = Client()
        client.force_login(world.users[look.role])
        response = client.get(url)
        assert response.status_code == 200, (look.role, response.status_code)
        text = text_of(response)
        problems += [
            f"{url} as {look.role}: missing {word}" for word in look.shown if word not in text
        ]
        problems += [f"{url} as {look.role}: shows {word}" for word in look.hidden if word in text]
    assert not problems, "\n".join(problems)
