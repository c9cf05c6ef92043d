"""The month's summary page and its .docx briefing: who may read them, which months exist, and
what they show."""

import io
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from openday.orgs.enums import Role
from tests.factories import UserFactory
from tests.reports.monthly_world import TODAY, June, member, office_admin

pytestmark = pytest.mark.django_db

TITLE = "天心区2023年6月政务公开主题日活动月末总结"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The views take today from ``timezone.localdate()``: frozen at 2023-06-30."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, tz=None: TODAY if value is None else real(value, tz),
    )


@pytest.fixture
def june():
    return June()


def page(slug="tianxin-2023", year=2023, month=6):
    return reverse("staff:campaign-monthly", kwargs={"slug": slug, "year": year, "month": month})


def docx(slug="tianxin-2023", year=2023, month=6):
    return reverse(
        "staff:campaign-monthly-docx", kwargs={"slug": slug, "year": year, "month": month}
    )


def test_urls_name_the_month_with_two_digits():
    assert page() == "/staff/campaigns/tianxin-2023/activities/monthly/2023-06/"
    assert docx(month=12) == "/staff/campaigns/tianxin-2023/activities/monthly/2023-12.docx"


def _users(june) -> dict:
    superuser = UserFactory(username="root", is_superuser=True)
    return {
        "admin": office_admin(june.region),
        "viewer": member(Role.SUPERIOR_VIEWER, june.city),
        "superuser": superuser,
        "liaison": member(Role.UNIT_LIAISON, june.region, unit=june.jiaoyu),
        "other admin": office_admin(june.other_campaign.region),
        "other liaison": member(
            Role.UNIT_LIAISON, june.other_campaign.region, unit=june.other_unit
        ),
    }


@pytest.mark.parametrize("url", [page, docx])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("viewer", 200),
        ("superuser", 200),
        ("liaison", 403),
        ("other admin", 404),
        ("other liaison", 404),
    ],
)
def test_who_may_read(client, june, url, who, status):
    client.force_login(_users(june)[who])

    assert client.get(url()).status_code == status


@pytest.mark.parametrize("url", [page, docx])
def test_anonymous_is_sent_to_login(client, june, url):
    response = client.get(url())

    assert response.status_code == 302
    assert response.url == f"{reverse('staff:login')}?next={url()}"


@pytest.mark.parametrize(
    "path",
    [
        "/staff/campaigns/tianxin-2023/activities/monthly/2023-13/",
        "/staff/campaigns/tianxin-2023/activities/monthly/2023-00/",
        "/staff/campaigns/tianxin-2023/activities/monthly/2023-6/",
        "/staff/campaigns/tianxin-2023/activities/monthly/2023-13.docx",
        "/staff/campaigns/tianxin-2023/activities/monthly/2024-06/",
        "/staff/campaigns/tianxin-2023/activities/monthly/2022-12.docx",
    ],
)
def test_no_such_month_is_404(client, june, path):
    client.force_login(office_admin(june.region))

    assert client.get(path).status_code == 404


def test_post_is_not_allowed(client, june):
    client.force_login(office_admin(june.region))

    assert client.post(page()).status_code == 405


def test_page_shows_the_numbers_units_and_overdue(client, june, django_assert_num_queries):
    client.force_login(office_admin(june.region))

    # 12: the summary, and the plan's first month for the month bar.
    with django_assert_num_queries(12):
        response = client.get(page())

    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.planned, summary.held, summary.reported, summary.published) == (7, 4, 3, 1)
    assert summary.today == TODAY
    html = response.content.decode()
    assert f"<h1>{TITLE}</h1>" in html
    assert "6月计划开展主题日活动7场（另有1场已取消）" in html
    assert '<th scope="row">城南路街道办事处</th>' in html
    assert [row.unit for row in summary.units] == [
        "区医保局",
        "区教育局",
        "坡子街街道办事处",
        "城南路街道办事处",
        "各乡镇",
    ]
    assert (
        f'href="{reverse("staff:activity-detail", args=["tianxin-2023", 7])}">五月社区宣讲' in html
    )
    assert "24 天" in html
    assert f'href="{docx()}"' in html
    assert "下载简报(.docx)" in html


def test_month_picker_links_the_campaign_year(client, june):
    client.force_login(office_admin(june.region))

    response = client.get(page())

    # The plan's first rows are in May: the bar starts there.
    assert [url for _month, url in response.context["months"]] == [
        page(month=m) for m in range(5, 13)
    ]
    assert (response.context["previous_url"], response.context["next_url"]) == (
        page(month=5),
        page(month=7),
    )
    html = response.content.decode()
    assert f'<a href="{page(month=6)}" aria-current="page">6月</a>' in html


@pytest.mark.parametrize(
    ("month", "previous", "following"), [(5, None, 6), (1, None, 2), (12, 11, None)]
)
def test_no_link_leaves_the_campaign_year(client, june, month, previous, following):
    client.force_login(office_admin(june.region))

    response = client.get(page(month=month))

    assert response.context["previous_url"] == (previous and page(month=previous))
    assert response.context["next_url"] == (following and page(month=following))


def test_the_month_bar_offers_no_month_before_the_plan_starts(client, june):
    client.force_login(office_admin(june.region))

    html = client.get(page()).content.decode()

    bar = html[
        html.index('class="month-switch"') : html.index("</nav>", html.index("month-switch"))
    ]
    assert re.findall(r">(\d+)月</a>", bar) == [str(m) for m in range(5, 13)]


def test_a_plan_without_months_offers_the_whole_year(client, june):
    june.campaign.activities.update(month_start=None, month_end=None)
    client.force_login(office_admin(june.region))

    response = client.get(page())

    assert [month for month, _url in response.context["months"]] == list(range(1, 13))


def test_docx_download_is_the_briefing(client, june):
    client.force_login(office_admin(june.region))

    response = client.get(docx())

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="tianxin-2023-monthly-2023-06.docx"; '
        f"filename*=UTF-8''{quote(f'{TITLE}.docx', safe='')}"
    )
    assert response["Cache-Control"] == "private, no-store"
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == TITLE
    assert document.paragraphs[1].text == "（统计截至2023年6月30日）"
    assert [row.cells[0].text for row in document.tables[0].rows][-1] == "合计"


@pytest.mark.parametrize("reader", ["office", "viewer"])
def test_campaign_page_links_the_summary_for_the_office_and_viewers_above(client, june, reader):
    user = (
        office_admin(june.region) if reader == "office" else member(Role.SUPERIOR_VIEWER, june.city)
    )
    client.force_login(user)

    html = client.get(reverse("staff:campaign-detail", args=["tianxin-2023"])).content.decode()

    # The month is the calendar's current one (the template's clock), in the campaign's year.
    links = re.findall(r'href="([^"]+)">月末总结</a>', html)
    assert len(links) == 1
    assert re.fullmatch(r"/staff/campaigns/tianxin-2023/activities/monthly/2023-\d\d/", links[0])


def test_campaign_page_has_no_summary_link_for_a_liaison(client, june):
    client.force_login(member(Role.UNIT_LIAISON, june.region, unit=june.jiaoyu))

    html = client.get(reverse("staff:campaign-detail", args=["tianxin-2023"])).content.decode()

    assert "月末总结" not in html
