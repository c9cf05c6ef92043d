"""Opinion services: posting, moderation moves, duplicates, replies by the office and by the
host unit, who may do what, and the counts per unit and per activity."""

import pytest

from openday.activities.services import activity_cancel
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.participation.enums import OpinionState
from openday.participation.models import Opinion
from openday.participation.permissions import opinions_visible_to
from openday.participation.selectors import (
    participation_by_activity,
    public_opinions,
    reply_counts_by_unit,
)
from openday.participation.services import (
    OpinionInput,
    opinion_hide,
    opinion_mark_duplicate,
    opinion_post,
    opinion_publish,
    opinion_reply,
)
from tests.factories import ActivityFactory
from tests.participation.conftest import NOW

pytestmark = pytest.mark.django_db


def post(place, activity=None, text="建议增加周末场次。", **contact):
    return opinion_post(
        campaign=place.campaign, activity=activity, data=OpinionInput(text=text, **contact), now=NOW
    )


def test_an_opinion_is_pending_until_published_and_keeps_contact_details(place):
    opinion = post(place, place.activity_1, name="李四", phone="139 0000 0002", email="l@x.cn")
    assert opinion.state == OpinionState.PENDING
    assert (opinion.name, opinion.phone, opinion.email) == ("李四", "13900000002", "l@x.cn")
    assert list(public_opinions(place.campaign, place.activity_1)) == []
    opinion_publish(actor=place.admin, opinion=opinion, now=NOW)
    assert [o.pk for o in public_opinions(place.campaign, place.activity_1)] == [opinion.pk]
    # The campaign's page lists opinions on the campaign as a whole, not the activity's.
    assert list(public_opinions(place.campaign)) == []


@pytest.mark.parametrize(
    ("text", "contact", "message"),
    [
        ("   ", {}, "请填写留言内容"),
        ("字" * 1001, {}, "最多 1000 个字，当前 1001 个字"),
        ("好", {"phone": "12345"}, "11 位数字"),
        ("好", {"name": "名" * 41}, "姓名最多 40 个字"),
    ],
)
def test_bad_opinions_are_refused_and_nothing_is_saved(place, text, contact, message):
    with pytest.raises(DomainError, match=message):
        post(place, text=text, **contact)
    assert not Opinion.objects.exists()


def test_an_opinion_of_exactly_1000_characters_is_taken(place):
    assert len(post(place, text="字" * 1000).text) == 1000


def test_a_closed_year_takes_no_opinion(place):
    place.campaign.phase = "closed"
    place.campaign.save()
    with pytest.raises(DomainError, match="不再征集意见"):
        post(place)


def test_an_activity_not_yet_public_takes_no_opinion(place):
    quiet = ActivityFactory(campaign=place.campaign, seq=9)
    with pytest.raises(DomainError, match="尚未公开"):
        post(place, quiet)


def test_a_cancelled_activity_whose_notice_stays_public_still_takes_opinions(place):
    activity_cancel(actor=place.admin, activity=place.activity_1, reason="天气原因")
    place.activity_1.refresh_from_db()
    assert post(place, place.activity_1).state == OpinionState.PENDING


def test_hide_needs_a_reason_and_is_audited_with_it(place):
    opinion = post(place, place.activity_1)
    with pytest.raises(DomainError, match="请填写不予公开的原因"):
        opinion_hide(actor=place.admin, opinion=opinion, reason=" ")
    hidden = opinion_hide(actor=place.liaison_a1, opinion=opinion, reason="含有广告内容", now=NOW)
    assert (hidden.state, hidden.hidden_reason, hidden.moderated_by) == (
        OpinionState.HIDDEN,
        "含有广告内容",
        place.liaison_a1,
    )
    entry = AuditEntry.objects.get(action="participation.opinion_hide")
    assert entry.before == {"state": "pending"}
    assert entry.after == {"state": "hidden", "reason": "含有广告内容"}


def test_a_hidden_opinion_can_be_published_after_all_but_not_hidden_twice(place):
    opinion = opinion_hide(actor=place.admin, opinion=post(place), reason="待核实")
    with pytest.raises(DomainError, match="不能再设为“不予公开”"):
        opinion_hide(actor=place.admin, opinion=opinion, reason="再次")
    published = opinion_publish(actor=place.admin, opinion=opinion, now=NOW)
    assert published.state == OpinionState.PUBLISHED
    assert published.hidden_reason == ""


def test_mark_duplicate_points_at_an_original_of_the_same_campaign(place):
    original = post(place, text="第一条")
    copy = post(place, text="第一条")
    marked = opinion_mark_duplicate(actor=place.admin, opinion=copy, original_id=original.pk)
    assert (marked.state, marked.duplicate_of) == (OpinionState.DUPLICATE, original)
    third = post(place, text="第一条")
    with pytest.raises(DomainError, match="本身已标记为重复") as caught:
        opinion_mark_duplicate(actor=place.admin, opinion=third, original_id=copy.pk)
    assert caught.value.field == "original"
    with pytest.raises(DomainError, match="不能把留言标记为与自己重复"):
        opinion_mark_duplicate(actor=place.admin, opinion=third, original_id=third.pk)
    with pytest.raises(DomainError, match="不在本年度活动中"):
        opinion_mark_duplicate(actor=place.admin, opinion=third, original_id=999999)


def test_a_reply_needs_a_published_opinion_and_names_who_replied(place):
    opinion = post(place, place.activity_1)
    with pytest.raises(DomainError, match="请先公开留言"):
        opinion_reply(actor=place.admin, opinion=opinion, text="感谢建议。")
    opinion_publish(actor=place.admin, opinion=opinion)
    reply = opinion_reply(actor=place.liaison_a1, opinion=opinion, text="感谢建议，将增加场次。")
    assert (reply.unit, reply.responder) == (place.unit_a1, "区人力资源社会保障局")
    again = opinion_reply(actor=place.admin, opinion=opinion, text="已安排周六场次。", now=NOW)
    assert (again.pk, again.unit, again.responder, again.text) == (
        reply.pk,
        None,
        "天心区政务公开办",
        "已安排周六场次。",
    )
    entry = AuditEntry.objects.filter(action="participation.opinion_reply").first()
    assert entry.before == {"text": "感谢建议，将增加场次。", "responder": "区人力资源社会保障局"}


def test_an_opinion_on_the_campaign_is_the_offices_alone(place):
    opinion = post(place)
    for who in (place.liaison_a1, place.viewer):
        with pytest.raises(PermissionDenied):
            opinion_publish(actor=who, opinion=opinion)


def test_another_units_liaison_may_not_moderate_or_reply(place):
    opinion = opinion_publish(actor=place.admin, opinion=post(place, place.activity_1))
    with pytest.raises(PermissionDenied):
        opinion_hide(actor=place.liaison_a2, opinion=opinion, reason="x")
    with pytest.raises(PermissionDenied):
        opinion_reply(actor=place.liaison_a2, opinion=opinion, text="x")


def test_a_liaison_sees_only_the_opinions_on_their_units_activities(place):
    on_1 = post(place, place.activity_1)
    on_2 = post(place, place.activity_2)
    whole = post(place)
    assert set(opinions_visible_to(place.liaison_a1, place.campaign)) == {on_1}
    assert set(opinions_visible_to(place.liaison_a2, place.campaign)) == {on_2}
    assert set(opinions_visible_to(place.admin, place.campaign)) == {on_1, on_2, whole}
    assert set(opinions_visible_to(place.viewer, place.campaign)) == {on_1, on_2, whole}


def test_replies_are_counted_per_unit_and_per_activity(place):
    for activity, actor in [
        (place.activity_1, place.liaison_a1),
        (place.activity_1, place.liaison_a1),
        (place.activity_2, place.admin),
        (None, place.admin),
    ]:
        opinion = opinion_publish(actor=place.admin, opinion=post(place, activity))
        opinion_reply(actor=actor, opinion=opinion, text="感谢。")
    post(place, place.activity_2)  # pending, no reply
    everything = opinions_visible_to(place.admin, place.campaign)
    assert reply_counts_by_unit(place.campaign, everything) == [
        ("区人力资源社会保障局", 2),
        ("天心区政务公开办", 2),
    ]
    rows = {row.activity.seq: row for row in participation_by_activity(place.campaign)}
    assert (rows[1].opinions, rows[1].pending, rows[1].replies) == (2, 0, 2)
    assert (rows[2].opinions, rows[2].pending, rows[2].replies) == (2, 1, 1)
    assert (rows[1].signup_enabled, rows[2].signup_enabled) == (True, False)
    # A liaison's counts cover their own activities only.
    mine = opinions_visible_to(place.liaison_a2, place.campaign)
    assert reply_counts_by_unit(place.campaign, mine) == [("天心区政务公开办", 1)]
    assert [row.activity.seq for row in participation_by_activity(place.campaign, ["2"])] == [2]
