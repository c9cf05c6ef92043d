"""Who reaches which declarations URL: every page and action against every role.

404 means the user may not know the thing exists (another region, another unit's
declaration); 403 that they see it but may not act; "login" that they must sign in first.
A refused request changes nothing (no audit entry); an allowed action writes one.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openday.core.models import AuditEntry
from openday.declarations.services import (
    declaration_accept,
    declaration_return,
    declaration_submit,
    plan_compile,
)
from tests.declarations.helpers import BEFORE_DUE, PDF, make_user, save, upload
from tests.factories.declarations import DeclarationMergeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.authz]

ROLES = [
    "liaison",
    "other_liaison",
    "other_region_liaison",
    "admin",
    "other_region_admin",
    "viewer",
    "superuser",
    "anonymous",
]

L = "login"
# page → (method, POST data, expected answer per role in ROLES order)
MATRIX = {
    "declaration-list": ("get", None, [200, 200, 404, 200, 404, 200, 200, L]),
    "declaration-edit": ("get", None, [200, 404, 404, 403, 404, 403, 403, L]),
    "declaration-edit-post": ("post", "items", [302, 404, 404, 403, 404, 403, 403, L]),
    "declaration-detail": ("get", None, [200, 404, 404, 200, 404, 200, 200, L]),
    "declaration-export-xlsx": ("get", None, [200, 404, 404, 200, 404, 200, 200, L]),
    "declaration-export-docx": ("get", None, [200, 404, 404, 200, 404, 200, 200, L]),
    "declaration-stamp": ("get", None, [200, 404, 404, 200, 404, 200, 200, L]),
    "declaration-export-all": ("get", None, [403, 403, 404, 200, 404, 200, 200, L]),
    "accept": ("post", {}, [403, 404, 404, 302, 404, 403, 302, L]),
    "return": ("post", {"comment": "请补充"}, [403, 404, 404, 302, 404, 403, 302, L]),
    "window-edit": ("get", None, [403, 403, 404, 200, 404, 403, 200, L]),
    "window-edit-post": (
        "post",
        {"closes_on": "2023-04-07"},
        [403, 403, 404, 302, 404, 403, 302, L],
    ),
    "plan-review": ("get", None, [403, 403, 404, 200, 404, 200, 200, L]),
    "plan-compile": ("post", {}, [403, 403, 404, 302, 404, 403, 302, L]),
    "plan-publish": ("post", {}, [403, 403, 404, 302, 404, 403, 302, L]),
    "merge-create": ("post", {}, [403, 403, 404, 400, 404, 403, 400, L]),
    "merge-delete": ("post", {}, [403, 403, 404, 302, 404, 403, 302, L]),
}


@pytest.fixture
def scene(window, campaign, unit, liaison, admin):
    """A submitted declaration with a stamp, and a merge the office made earlier."""
    declaration = save(liaison, campaign, unit, stamp=upload("盖章.pdf", PDF))
    declaration_submit(actor=liaison, declaration=declaration, today=BEFORE_DUE)
    merge = DeclarationMergeFactory(campaign=campaign, title="旧的合并", month_start=6, month_end=6)
    return {"declaration": declaration, "merge": merge, "campaign": campaign, "unit": unit}


def page_url(page: str, scene) -> str:
    slug = scene["campaign"].slug
    pk = scene["declaration"].pk
    name = page.removesuffix("-post")
    args = {
        "declaration-edit": [slug, scene["unit"].pk],
        "declaration-detail": [slug, pk],
        "declaration-export-xlsx": [slug, pk, "xlsx"],
        "declaration-export-docx": [slug, pk, "docx"],
        "declaration-stamp": [slug, pk],
        "accept": [slug, pk, "accept"],
        "return": [slug, pk, "return"],
        "merge-delete": [slug, scene["merge"].pk],
    }.get(name, [slug])
    name = {
        "declaration-export-xlsx": "declaration-export",
        "declaration-export-docx": "declaration-export",
        "accept": "declaration-review",
        "return": "declaration-review",
    }.get(name, name)
    return reverse(f"staff:{name}", args=args)


def login(client, role: str, scene, unit, other_unit) -> None:
    if role == "anonymous":
        return
    if role == "superuser":
        user = get_user_model().objects.create_superuser("root", "", "openday-test-pass")
    else:
        user = make_user(role, scene["campaign"].region, unit, other_unit)
    client.force_login(user)


def edit_post() -> dict:
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
        "items-0-title": "新主题",
        "contact_person": "李娟",
        "phone": "0731-88999337",
        "action": "save",
    }


@pytest.mark.parametrize(("page", "role"), [(page, role) for page in MATRIX for role in ROLES])
def test_who_reaches_what(client, scene, unit, other_unit, admin, page, role):
    method, data, answers = MATRIX[page]
    expected = answers[ROLES.index(role)]
    if page == "declaration-edit-post":
        # The liaison's own declaration must be editable for the save to be theirs to make.
        declaration_return(actor=admin, declaration=scene["declaration"], comment="请修改")
    if page in ("plan-compile", "plan-publish"):
        declaration_accept(actor=admin, declaration=scene["declaration"])
    if page == "plan-publish":
        plan_compile(actor=admin, campaign=scene["campaign"])
    login(client, role, scene, unit, other_unit)
    audits = AuditEntry.objects.count()
    address = page_url(page, scene)

    if method == "get":
        response = client.get(address)
    else:
        response = client.post(address, edit_post() if data == "items" else data)

    if expected == L:
        assert response.status_code == 302
        assert response.headers["Location"] == f"{reverse('staff:login')}?next={address}"
    else:
        assert response.status_code == expected
    if expected in (403, 404, L):
        assert AuditEntry.objects.count() == audits
    if expected == 404:
        assert "新区行政审批服务局" not in response.content.decode()
    if method == "post" and expected == 302:
        assert AuditEntry.objects.count() > audits
