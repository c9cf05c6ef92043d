"""Who reaches the new staff URLs: a table of URL × role, with the exact answer each gets.

Roles: the host unit's liaison, another unit's liaison (same region), another region's office
admin, this region's office admin, the superior (city) viewer, and an anonymous visitor.
404 means "not yours to know about"; 403 "you see it, but may not do this".
"""

import datetime as dt

import pytest
from django.urls import reverse

from openday.activities.enums import ActivityState as S
from openday.activities.materials import campaign_set_logo
from openday.activities.models import ActivityFiling, ReportAttachment, ReportPhoto
from openday.activities.services import (
    activity_file,
    activity_mark_held,
    activity_report,
    activity_schedule,
)
from openday.activities.uploads import check_logo, check_video
from openday.orgs.enums import Role, UnitGroup, UnitKind
from tests.activities.conftest import ROLES, make_user
from tests.activities.materials import (
    MP4,
    attachment,
    filing_input,
    image_bytes,
    report_input,
    upload,
)
from tests.factories import ActivityFactory, ActivityHostFactory, MembershipFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.authz]

HELD = dt.date(2023, 10, 12)


@pytest.fixture
def reported(activity, admin, campaign):
    activity_schedule(actor=admin, activity=activity, on=HELD)
    activity_file(actor=admin, activity=activity, filing=filing_input(), on=dt.date(2023, 10, 1))
    activity_mark_held(actor=admin, activity=activity, today=HELD)
    activity_report(
        actor=admin,
        activity=activity,
        report=report_input(
            HELD,
            attachments=[attachment()],
            video=check_video(upload("现场.mp4", MP4)),
        ),
        today=dt.date(2023, 10, 16),
    )
    campaign_set_logo(
        actor=admin, campaign=campaign, logo=check_logo(upload("logo.png", image_bytes("PNG")))
    )
    return activity


def urls(activity, host_unit) -> dict[str, tuple[str, str]]:
    """name → (method, url)"""
    slug, seq = activity.campaign.slug, activity.seq
    photo = ReportPhoto.objects.get()
    return {
        "detail": ("get", reverse("staff:activity-detail", args=[slug, seq])),
        "file-page": ("get", reverse("staff:activity-file", args=[slug, seq])),
        "announce-page": ("get", reverse("staff:activity-announce", args=[slug, seq])),
        "report-page": ("get", reverse("staff:activity-report", args=[slug, seq])),
        "report-post": ("post", reverse("staff:activity-report", args=[slug, seq])),
        "filing-document": (
            "get",
            reverse(
                "staff:activity-filing-document",
                args=[slug, seq, ActivityFiling.objects.get().pk],
            ),
        ),
        "photo-full": ("get", reverse("staff:activity-photo", args=[slug, seq, photo.pk, "full"])),
        "photo-thumb": (
            "get",
            reverse("staff:activity-photo", args=[slug, seq, photo.pk, "thumb"]),
        ),
        "attachment": (
            "get",
            reverse(
                "staff:activity-attachment", args=[slug, seq, ReportAttachment.objects.get().pk]
            ),
        ),
        "video": ("get", reverse("staff:activity-video", args=[slug, seq])),
        "materials": ("get", reverse("staff:campaign-materials", args=[slug])),
        "logo": ("get", reverse("staff:campaign-logo", args=[slug])),
        "logo-upload": ("post", reverse("staff:campaign-materials", args=[slug])),
        "statistics": ("get", reverse("staff:statistics-campaign", args=[slug])),
        "statistics-unit": ("get", reverse("staff:statistics-unit", args=[slug, host_unit.pk])),
        "banner-unit": (
            "get",
            reverse("staff:campaign-banner", args=[slug, host_unit.pk, "docx"]),
        ),
        "public-photo": (
            "get",
            reverse("portal:report-photo", args=[slug, seq, photo.pk, "full"]),
        ),
    }


L = "login"
# url: host_liaison, other_liaison, other_region, admin, viewer, anonymous
TABLE = {
    "detail": (200, 404, 404, 200, 200, L),
    "file-page": (200, 404, 404, 200, 403, L),
    "announce-page": (200, 404, 404, 200, 403, L),
    "report-page": (200, 404, 404, 200, 403, L),
    "report-post": (400, 404, 404, 400, 403, L),
    "filing-document": (200, 404, 404, 200, 403, L),
    "photo-full": (200, 404, 404, 200, 200, L),
    "photo-thumb": (200, 404, 404, 200, 200, L),
    "attachment": (200, 404, 404, 200, 200, L),
    "video": (200, 404, 404, 200, 200, L),
    "materials": (200, 200, 404, 200, 200, L),
    "logo": (200, 200, 404, 200, 200, L),
    "logo-upload": (403, 403, 404, 400, 403, L),
    "statistics": (403, 403, 404, 200, 200, L),
    "statistics-unit": (200, 404, 404, 200, 200, L),
    "banner-unit": (200, 404, 404, 200, 200, L),
    # The report is handed in but not published: its photos are not public to anyone.
    "public-photo": (404, 404, 404, 404, 404, 404),
}
CASES = [(name, role, TABLE[name][index]) for name in TABLE for index, role in enumerate(ROLES)]


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_each_new_staff_url_by_role(client, reported, host_unit, name, role, expected):
    user = make_user(role, reported.campaign, host_unit)
    if user is not None:
        client.force_login(user)
    method, url = urls(reported, host_unit)[name]

    response = getattr(client, method)(url)

    if expected == L:
        assert response.status_code == 302
        assert response.headers["Location"] == f"{reverse('staff:login')}?next={url}"
    else:
        assert response.status_code == expected
    if expected in (403, 404, L):
        # Nothing of the activity or its people leaks into a refusal.
        body = b"".join(response) if hasattr(response, "streaming_content") else response.content
        text = body.decode(errors="replace")
        assert "一网通办" not in text
        assert "13812345678" not in text
    reported.refresh_from_db()
    assert reported.state == S.REPORTED


def test_a_street_liaison_reaches_an_activity_hosted_by_every_street(client, campaign):
    activity = ActivityFactory(campaign=campaign, seq=23, title="安全生产月")
    ActivityHostFactory(
        activity=activity, unit=None, group=UnitGroup.ALL_STREETS, text="各街道办事处"
    )
    street = UnitFactory(region=campaign.region, name="城南路街道办事处", kind=UnitKind.STREET)
    department = UnitFactory(region=campaign.region, name="区教育局")
    url = reverse("staff:activity-detail", args=[campaign.slug, 23])

    for unit, expected in ((street, 200), (department, 404)):
        user = MembershipFactory(role=Role.UNIT_LIAISON, region=campaign.region, unit=unit).user
        client.force_login(user)
        assert client.get(url).status_code == expected


def test_a_liaison_of_two_units_reaches_both_units_statistics(client, campaign, host_unit):
    other = UnitFactory(region=campaign.region, name="区教育局")
    user = MembershipFactory(role=Role.UNIT_LIAISON, region=campaign.region, unit=host_unit).user
    MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=campaign.region, unit=other)
    third = UnitFactory(region=campaign.region, name="区民政局")
    client.force_login(user)

    def status(unit) -> int:
        url = reverse("staff:statistics-unit", args=[campaign.slug, unit.pk])
        return client.get(url).status_code

    assert (status(host_unit), status(other), status(third)) == (200, 200, 404)
