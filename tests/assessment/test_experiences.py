"""Typical experiences (典型经验): recommended by the county office, selected and forwarded by
the city office, accepted or noted by the province office; each step by that level's office
only, audited, visible to the levels involved, and shown on the county's column once selected.
"""

import pytest
from django.urls import reverse

from openday.activities.enums import ActivityState
from openday.assessment.experiences import (
    experience_conclude,
    experience_forward,
    experience_recommend,
    experience_select,
    experience_withdraw,
    experiences_for_region,
    public_experiences,
)
from openday.assessment.models import ExperienceState, TypicalExperience
from openday.campaigns.models import Campaign
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import RegionKind, RegionLevel, Role
from tests.factories.activities import ActivityFactory, ActivityReportFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.orgs import MembershipFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "聚焦群众关切，现场答疑，效果突出。"


class World:
    def __init__(self):
        self.province = RegionFactory(
            name="湖南省", slug="hunan", level=RegionLevel.PROVINCE, kind=RegionKind.PROVINCE
        )
        self.city = RegionFactory(
            name="长沙市",
            slug="changsha",
            level=RegionLevel.CITY,
            kind=RegionKind.CITY,
            parent=self.province,
        )
        self.other_city = RegionFactory(
            name="邵阳市",
            slug="shaoyang",
            level=RegionLevel.CITY,
            kind=RegionKind.CITY,
            parent=self.province,
        )
        self.county = RegionFactory(name="天心区", slug="tianxin", parent=self.city)
        self.other_county = RegionFactory(name="大祥区", slug="daxiang", parent=self.other_city)
        self.users = {
            "county": self._member(Role.OFFICE_ADMIN, self.county),
            "other_county": self._member(Role.OFFICE_ADMIN, self.other_county),
            "city": self._member(Role.OFFICE_ADMIN, self.city),
            "other_city": self._member(Role.OFFICE_ADMIN, self.other_city),
            "province": self._member(Role.OFFICE_ADMIN, self.province),
            "city_viewer": self._member(Role.SUPERIOR_VIEWER, self.city),
            "province_viewer": self._member(Role.SUPERIOR_VIEWER, self.province),
        }
        self.campaign = CampaignFactory(region=self.county, slug="tianxin-2023")
        self.published = ActivityFactory(
            campaign=self.campaign, seq=1, title="社保政策宣讲", state=ActivityState.PUBLISHED
        )
        self.accepted = ActivityFactory(
            campaign=self.campaign, seq=2, title="招生政策宣讲", state=ActivityState.ACCEPTED
        )

    def _member(self, role, region):
        user = UserFactory()
        MembershipFactory(user=user, role=role, region=region)
        return user

    def recommended(self) -> TypicalExperience:
        return experience_recommend(actor=self.users["county"], activity=self.published, text=TEXT)

    def selected(self) -> TypicalExperience:
        return experience_select(
            actor=self.users["city"], experience=self.recommended(), comment="同意选用"
        )

    def forwarded(self) -> TypicalExperience:
        return experience_forward(actor=self.users["city"], experience=self.selected())


@pytest.fixture
def world():
    return World()


# --- services -------------------------------------------------------------------------------


def test_the_county_office_recommends_its_published_report(world):
    experience = world.recommended()

    assert (experience.state, experience.text, experience.recommended_by) == (
        ExperienceState.RECOMMENDED,
        TEXT,
        world.users["county"],
    )
    entry = AuditEntry.objects.get(action="experience.recommend")
    assert (entry.region_id, entry.after["activity"], entry.after["text"]) == (
        world.county.pk,
        "1",
        TEXT,
    )


@pytest.mark.parametrize("who", ["other_county", "city", "province", "city_viewer"])
def test_only_the_county_office_recommends(world, who):
    with pytest.raises(PermissionDenied):
        experience_recommend(actor=world.users[who], activity=world.published, text=TEXT)
    assert not TypicalExperience.objects.exists()


def test_a_report_not_published_is_not_recommended(world):
    with pytest.raises(DomainError, match="只有已发布的活动报道"):
        experience_recommend(actor=world.users["county"], activity=world.accepted, text=TEXT)
    assert not TypicalExperience.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写推荐理由"),
        ("   \n ", "请填写推荐理由"),
        ("好" * 501, "最多 500 个字，现在有 501 个字"),
    ],
)
def test_the_recommendation_text_is_required_and_short(world, text, message):
    with pytest.raises(DomainError, match=message) as caught:
        experience_recommend(actor=world.users["county"], activity=world.published, text=text)
    assert caught.value.field == "text"
    assert not TypicalExperience.objects.exists()


def test_an_activity_is_recommended_once_until_withdrawn(world):
    experience = world.recommended()
    with pytest.raises(DomainError, match="第1号活动已推荐为典型经验"):
        world.recommended()

    experience_withdraw(actor=world.users["county"], experience=experience)
    again = world.recommended()

    assert list(TypicalExperience.objects.order_by("pk").values_list("state", flat=True)) == [
        ExperienceState.WITHDRAWN,
        ExperienceState.RECOMMENDED,
    ]
    assert again.pk != experience.pk


def test_the_whole_chain_is_audited(world):
    experience = world.forwarded()
    experience = experience_conclude(
        actor=world.users["province"], experience=experience, outcome="accepted", comment="采用"
    )

    assert (experience.state, experience.city_comment, experience.province_comment) == (
        ExperienceState.ACCEPTED,
        "同意选用",
        "采用",
    )
    assert experience.selected_at
    assert experience.forwarded_at
    assert experience.concluded_at
    assert list(
        AuditEntry.objects.filter(action__startswith="experience.")
        .order_by("pk")
        .values_list("action", "before__state", "after__state")
    ) == [
        ("experience.recommend", None, "recommended"),
        ("experience.select", "recommended", "selected"),
        ("experience.forward", "selected", "forwarded"),
        ("experience.accept", "forwarded", "accepted"),
    ]


@pytest.mark.parametrize("who", ["county", "other_city", "province", "city_viewer"])
def test_only_the_city_office_above_selects(world, who):
    experience = world.recommended()
    with pytest.raises(PermissionDenied):
        experience_select(actor=world.users[who], experience=experience)
    experience.refresh_from_db()
    assert experience.state == ExperienceState.RECOMMENDED


@pytest.mark.parametrize("who", ["county", "other_city", "province", "province_viewer"])
def test_only_the_city_office_above_forwards(world, who):
    experience = world.selected()
    with pytest.raises(PermissionDenied):
        experience_forward(actor=world.users[who], experience=experience)
    experience.refresh_from_db()
    assert experience.state == ExperienceState.SELECTED


@pytest.mark.parametrize("who", ["county", "city", "province_viewer"])
def test_only_the_province_office_concludes(world, who):
    experience = world.forwarded()
    with pytest.raises(PermissionDenied):
        experience_conclude(actor=world.users[who], experience=experience, outcome="noted")


@pytest.mark.parametrize(
    ("start", "step"),
    [
        ("recommended", "forward"),
        ("recommended", "conclude"),
        ("selected", "select"),
        ("selected", "withdraw"),
        ("forwarded", "select"),
        ("forwarded", "forward"),
        ("forwarded", "withdraw"),
    ],
)
def test_a_step_out_of_order_is_refused(world, start, step):
    experience = getattr(world, start)()
    users = world.users
    steps = {
        "select": lambda: experience_select(actor=users["city"], experience=experience),
        "forward": lambda: experience_forward(actor=users["city"], experience=experience),
        "withdraw": lambda: experience_withdraw(actor=users["county"], experience=experience),
        "conclude": lambda: experience_conclude(
            actor=users["province"], experience=experience, outcome="noted"
        ),
    }
    with pytest.raises(DomainError, match="不能"):
        steps[step]()
    experience.refresh_from_db()
    assert experience.state == start


def test_a_province_outcome_is_accepted_or_noted_only(world):
    experience = world.forwarded()
    with pytest.raises(DomainError, match="采用"):
        experience_conclude(actor=world.users["province"], experience=experience, outcome="x")


def test_a_comment_too_long_is_refused(world):
    experience = world.recommended()
    with pytest.raises(DomainError, match="市级意见最多 500 个字"):
        experience_select(actor=world.users["city"], experience=experience, comment="长" * 501)


# --- who sees what --------------------------------------------------------------------------


def test_each_level_lists_what_it_is_involved_in(world):
    withdrawn = world.recommended()
    experience_withdraw(actor=world.users["county"], experience=withdrawn)
    recommended = world.recommended()

    assert list(experiences_for_region(world.county)) == [recommended, withdrawn]
    assert list(experiences_for_region(world.city)) == [recommended]
    assert list(experiences_for_region(world.other_city)) == []
    assert list(experiences_for_region(world.province)) == []

    experience_forward(
        actor=world.users["city"],
        experience=experience_select(actor=world.users["city"], experience=recommended),
    )
    assert [e.state for e in experiences_for_region(world.province)] == ["forwarded"]


def test_the_column_lists_selected_experiences_of_published_reports(world):
    recommended = world.recommended()
    assert list(public_experiences(world.campaign)) == []
    version = Campaign.objects.get(pk=world.campaign.pk).content_version

    experience_select(actor=world.users["city"], experience=recommended)

    assert list(public_experiences(world.campaign)) == [recommended]
    assert Campaign.objects.get(pk=world.campaign.pk).content_version == version + 1


# --- pages ----------------------------------------------------------------------------------


def _activity_url(world):
    return reverse("staff:activity-experience", args=[world.campaign.slug, "1"])


def _region_url(region):
    return reverse("staff:region-experiences", args=[region.slug])


def test_the_county_office_recommends_from_the_activity(client, world):
    client.force_login(world.users["county"])
    page = client.get(_activity_url(world))
    assert page.status_code == 200
    assert "推荐为典型经验" in page.content.decode()

    response = client.post(_activity_url(world), {"text": TEXT})

    assert response.status_code == 302
    assert TypicalExperience.objects.get().text == TEXT
    detail = client.get(reverse("staff:activity-detail", args=[world.campaign.slug, "1"]))
    assert "区县已推荐" in client.get(_activity_url(world)).content.decode()
    assert detail.status_code == 200


def test_a_too_long_text_shows_the_form_again_and_saves_nothing(client, world):
    client.force_login(world.users["county"])

    response = client.post(_activity_url(world), {"text": "长" * 501})

    assert response.status_code == 400
    assert "推荐理由最多 500 个字，现在有 501 个字" in response.content.decode()
    assert not TypicalExperience.objects.exists()


@pytest.mark.parametrize(
    ("who", "read", "post"),
    # The city's office admin reads its own region's data only (as today): the county's
    # activities stay the county's and its viewers'; it works on its experiences page.
    [("city_viewer", 200, 403), ("province_viewer", 200, 403), ("city", 404, 404)],
)
def test_superiors_do_not_recommend(client, world, who, read, post):
    client.force_login(world.users[who])
    assert client.get(_activity_url(world)).status_code == read
    assert client.post(_activity_url(world), {"text": TEXT}).status_code == post
    assert not TypicalExperience.objects.exists()


def test_another_county_does_not_see_the_activity(client, world):
    client.force_login(world.users["other_county"])
    assert client.get(_activity_url(world)).status_code == 404
    assert client.post(_activity_url(world), {"text": TEXT}).status_code == 404


def test_the_city_office_selects_and_forwards_on_its_page(client, world):
    experience = world.recommended()
    client.force_login(world.users["city"])
    page = client.get(_region_url(world.city)).content.decode()
    assert "社保政策宣讲" in page
    assert 'value="select"' in page

    client.post(
        _region_url(world.city),
        {"step": "select", "experience": experience.pk, "comment": "很好"},
    )
    response = client.post(
        _region_url(world.city), {"step": "forward", "experience": experience.pk}
    )

    assert response.status_code == 302
    experience.refresh_from_db()
    assert (experience.state, experience.city_comment) == ("forwarded", "很好")


def test_a_viewer_reads_the_city_page_without_buttons_and_cannot_post(client, world):
    experience = world.recommended()
    client.force_login(world.users["city_viewer"])
    page = client.get(_region_url(world.city))
    assert page.status_code == 200
    assert "社保政策宣讲" in page.content.decode()
    assert 'value="select"' not in page.content.decode()

    response = client.post(_region_url(world.city), {"step": "select", "experience": experience.pk})

    assert response.status_code == 403
    experience.refresh_from_db()
    assert experience.state == "recommended"


@pytest.mark.parametrize(
    "data",
    [
        {"step": "forward", "experience": "{pk}"},  # not selected yet
        {"step": "select", "experience": "999999"},  # not on the page
        {"step": "select", "experience": "abc"},
        {"step": "drop", "experience": "{pk}"},
        {"step": "withdraw", "experience": "{pk}"},  # the county's step, not the city's
    ],
)
def test_bad_posts_on_the_city_page_change_nothing(client, world, data):
    experience = world.recommended()
    client.force_login(world.users["city"])
    data = {key: value.format(pk=experience.pk) for key, value in data.items()}

    response = client.post(_region_url(world.city), data)

    assert response.status_code in (400, 403)
    experience.refresh_from_db()
    assert experience.state == "recommended"


def test_the_province_page_lists_only_forwarded_ones(client, world):
    world.recommended()
    client.force_login(world.users["province_viewer"])
    assert "社保政策宣讲" not in client.get(_region_url(world.province)).content.decode()


def test_another_city_cannot_open_the_city_page(client, world):
    client.force_login(world.users["other_city"])
    assert client.get(_region_url(world.city)).status_code == 404


def test_the_column_shows_the_selected_experience(client, world):
    ActivityReportFactory(activity=world.published)
    column = reverse("portal:campaign-column", args=[world.campaign.slug])
    world.recommended()
    assert "experiences-h" not in client.get(column).content.decode()
    experience_select(
        actor=world.users["city"], experience=TypicalExperience.objects.get(), comment=""
    )
    html = client.get(column).content.decode()
    assert 'id="experiences-h">典型经验' in html
    assert TEXT in html


def test_the_county_office_withdraws_on_its_page(client, world):
    experience = world.recommended()
    client.force_login(world.users["county"])
    assert 'value="withdraw"' in client.get(_region_url(world.county)).content.decode()

    response = client.post(
        _region_url(world.county), {"step": "withdraw", "experience": experience.pk}
    )

    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.state == "withdrawn"


def test_the_province_office_accepts_on_its_page(client, world):
    experience = world.forwarded()
    client.force_login(world.users["province"])

    response = client.post(
        _region_url(world.province),
        {"step": "accept", "experience": experience.pk, "comment": "采用，编入简报"},
    )

    assert response.status_code == 302
    experience.refresh_from_db()
    assert (experience.state, experience.province_comment) == ("accepted", "采用，编入简报")


def test_the_published_activity_page_links_to_the_recommendation(client, world):
    client.force_login(world.users["county"])
    url = reverse("staff:activity-detail", args=[world.campaign.slug, "1"])
    assert _activity_url(world) in client.get(url).content.decode()
    other = reverse("staff:activity-detail", args=[world.campaign.slug, "2"])
    assert "experience/" not in client.get(other).content.decode()
