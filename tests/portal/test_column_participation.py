"""The column's "参与互动": open questionnaires, activities whose sign-up is open and the
opinions page; what changes it re-renders the cached column; a closed year shows none."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.services import campaign_set_phase
from openday.participation.services import questionnaire_close, signup_settings_save
from openday.portal.column_participation import open_signup_activity_ids
from tests.participation.conftest import PURPOSE, Place
from tests.participation.test_questionnaires import build_survey
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db
SLUG = "tianxin-2023"


@pytest.fixture
def place(db) -> Place:
    return Place()


def open_signup(place, activity, deadline=None, enabled=True):
    return signup_settings_save(
        actor=place.admin,
        activity=activity,
        enabled=enabled,
        capacity=30,
        waitlist_size=0,
        deadline=deadline or timezone.now() + dt.timedelta(days=3),
        purpose=PURPOSE,
        ask_email=False,
    )


def window(**days) -> dict:
    now = timezone.now()
    return {
        "opens_at": now + dt.timedelta(days=days.get("opens", -1)),
        "closes_at": now + dt.timedelta(days=days.get("closes", 5)),
    }


def section(client):
    response = client.get(reverse("portal:campaign-column", args=[SLUG]))
    assert response.status_code == 200
    found = select(parse(response.content), "section.participation")
    return found[0] if found else None


def links(element) -> list[tuple[str, str]]:
    return [(text_of(a), a.get("href")) for a in element.iter("a")]


def test_the_section_links_open_questionnaires_open_sign_ups_and_opinions(client, place):
    settings = open_signup(place, place.activity_1)
    survey, _questions = build_survey(place, **window())
    later, _ = build_survey(place, title="招生政策意见调查", **window(opens=2, closes=9))
    build_survey(place, title="草稿问卷", open_it=False, **window())

    found = section(client)

    assert text_of(select(found, "h2")[0]) == "参与互动"
    assert links(found) == [
        ("社保政策宣讲效果调查", f"/column/{SLUG}/questionnaires/{survey.pk}/"),
        ("招生政策意见调查", f"/column/{SLUG}/questionnaires/{later.pk}/"),
        ("在线报名：社保政策宣讲", f"/column/{SLUG}/activities/1/signup/"),
        ("意见征集：查看留言与回应，或提出您的意见建议", f"/column/{SLUG}/opinions/"),
    ]
    deadline = timezone.localtime(settings.deadline)
    assert f"报名截止：{deadline:%-m月%-d日 %H:%M}" in text_of(found)


def test_closing_a_questionnaire_or_opening_sign_up_shows_at_once_despite_the_cache(client, place):
    survey, _ = build_survey(place, **window())
    assert len(select(section(client), ".participation-questionnaires li")) == 1
    assert select(section(client), ".participation-signups") == []  # cached copy

    questionnaire_close(actor=place.admin, questionnaire=survey)
    open_signup(place, place.activity_2)

    found = section(client)
    assert select(found, ".participation-questionnaires") == []
    assert [t for t, _ in links(found) if t.startswith("在线报名")] == ["在线报名：招生政策宣讲"]


def test_a_sign_up_past_its_deadline_or_closed_is_not_listed(place):
    now = timezone.now()
    open_signup(place, place.activity_1, deadline=now + dt.timedelta(hours=1))
    open_signup(place, place.activity_2, enabled=False)
    assert open_signup_activity_ids(place.campaign, now) == {place.activity_1.pk}
    assert open_signup_activity_ids(place.campaign, now + dt.timedelta(hours=2)) == set()


def test_the_open_sign_up_ids_take_one_query(place, django_assert_num_queries):
    open_signup(place, place.activity_1)
    open_signup(place, place.activity_2)
    with django_assert_num_queries(1):
        ids = open_signup_activity_ids(place.campaign, timezone.now())
    assert ids == {place.activity_1.pk, place.activity_2.pk}


def test_a_closed_year_has_no_section(client, place):
    build_survey(place, **window())
    campaign_set_phase(actor=place.admin, campaign=place.campaign, phase=CampaignPhase.CLOSED)
    assert section(client) is None


def test_a_plan_row_open_for_sign_up_links_to_its_form(client, place):
    open_signup(place, place.activity_1)

    page = parse(client.get(reverse("portal:campaign-column", args=[SLUG])).content)

    row_links = [links(p) for p in select(page, ".plan-item .plan-links")]
    signup = ("在线报名", f"/column/{SLUG}/activities/1/signup/")
    assert sum(signup in found for found in row_links) == 1
    open_signup(place, place.activity_1, enabled=False)
    page = parse(client.get(reverse("portal:campaign-column", args=[SLUG])).content)
    assert not any(signup in links(p) for p in select(page, ".plan-item .plan-links"))
