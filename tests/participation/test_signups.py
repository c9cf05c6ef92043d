"""Sign-up services: places, the waiting list, cancellation with promotion, check-in, the
checked-in people by group, settings, and every refusal."""

import contextlib
import datetime as dt

import pytest

from openday.activities.enums import ActivityState
from openday.activities.services import activity_cancel
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.participation.enums import SignupState
from openday.participation.models import Signup
from openday.participation.personal import CODE_ALPHABET, CODE_LENGTH, token_hash
from openday.participation.selectors import checked_in_by_group, signup_counts
from openday.participation.services import (
    SignupInput,
    signup_cancel,
    signup_check_in,
    signup_create,
    signup_settings_save,
)
from tests.participation.conftest import NOW, PURPOSE

pytestmark = pytest.mark.django_db


def person(n: int, size: int = 1, group: str = "public", **more) -> SignupInput:
    return SignupInput(
        name=f"市民{n}", phone=f"1380000{n:04d}", group=group, party_size=size, **more
    )


def sign(place, n, size=1, **more):
    return signup_create(activity=place.activity_1, data=person(n, size, **more), now=NOW)


def states(place) -> list[tuple[str, str]]:
    return list(
        Signup.objects.filter(activity=place.activity_1).order_by("id").values_list("name", "state")
    )


def test_a_sign_up_within_capacity_is_confirmed_with_a_short_unambiguous_code(place):
    result = sign(place, 1, size=2)
    signup = result.signup
    assert signup.state == SignupState.CONFIRMED
    assert len(signup.code) == CODE_LENGTH
    assert set(signup.code) <= set(CODE_ALPHABET)
    assert not set(signup.code) & set("0O1IL2Z5S8B")
    # Only the token's hash is kept.
    assert signup.cancel_token_hash == token_hash(result.cancel_token)
    assert result.cancel_token not in signup.cancel_token_hash
    assert (signup.name, signup.phone, signup.group, signup.party_size) == (
        "市民1",
        "13800000001",
        "public",
        2,
    )


def test_past_capacity_people_go_to_the_waiting_list_then_are_refused(place):
    sign(place, 1, size=2)
    sign(place, 2)  # 3 of 3
    assert sign(place, 3).signup.state == SignupState.WAITLISTED
    assert sign(place, 4).signup.state == SignupState.WAITLISTED  # 2 of 2 waiting
    with pytest.raises(DomainError, match="名额和候补名额均已满"):
        sign(place, 5)
    assert signup_counts(place.activity_1).confirmed == 3
    assert signup_counts(place.activity_1).waitlisted == 2


def test_a_party_larger_than_the_places_left_is_told_how_many_are_left(place):
    sign(place, 1, size=2)
    with pytest.raises(DomainError, match="剩余名额 1 人、候补名额 2 人，不足 3 人") as caught:
        sign(place, 2, size=3)
    assert caught.value.field == "party_size"


def test_nobody_jumps_the_waiting_list(place):
    _settings(place, waitlist_size=5)
    sign(place, 1, size=2)
    sign(place, 2, size=2)  # does not fit the 1 place left: waits
    assert states(place)[-1] == ("市民2", SignupState.WAITLISTED)
    # One place is free, but someone waits: the next one waits too.
    assert sign(place, 3).signup.state == SignupState.WAITLISTED


def test_cancelling_a_confirmed_place_moves_the_first_waiting_up(place):
    first = sign(place, 1)
    sign(place, 2, size=2)
    waiting = sign(place, 3)
    later = sign(place, 4)
    cancelled = signup_cancel(token=first.cancel_token, now=NOW)
    assert cancelled.state == SignupState.CANCELLED
    assert cancelled.cancelled_at == NOW
    assert states(place) == [
        ("市民1", SignupState.CANCELLED),
        ("市民2", SignupState.CONFIRMED),
        ("市民3", SignupState.CONFIRMED),
        ("市民4", SignupState.WAITLISTED),
    ]
    waiting.signup.refresh_from_db()
    assert waiting.signup.promoted_at == NOW
    later.signup.refresh_from_db()
    assert later.signup.promoted_at is None
    actions = list(
        AuditEntry.objects.filter(action__startswith="participation.signup_").values_list(
            "action", flat=True
        )
    )
    assert actions.count("participation.signup_promote") == 1


def test_promotion_is_first_come_first_served_even_when_a_later_one_would_fit(place):
    _settings(place, waitlist_size=5)
    first = sign(place, 1)
    sign(place, 2, size=2)
    sign(place, 3, size=2)  # waits, first in line
    sign(place, 4)  # waits behind
    signup_cancel(token=first.cancel_token, now=NOW)
    # One place is free: 市民3 (2 people) does not fit and 市民4 may not pass them.
    assert states(place)[2:] == [
        ("市民3", SignupState.WAITLISTED),
        ("市民4", SignupState.WAITLISTED),
    ]


def test_cancelling_a_waiting_place_promotes_nobody(place):
    sign(place, 1, size=3)
    waiting = sign(place, 2)
    sign(place, 3)
    signup_cancel(token=waiting.cancel_token, now=NOW)
    assert states(place) == [
        ("市民1", SignupState.CONFIRMED),
        ("市民2", SignupState.CANCELLED),
        ("市民3", SignupState.WAITLISTED),
    ]


@pytest.mark.parametrize(
    ("token", "message"),
    [("", "取消链接无效"), ("x" * 65, "取消链接无效"), ("not-a-token", "取消链接无效")],
)
def test_a_bad_cancel_token_is_refused(place, token, message):
    sign(place, 1)
    with pytest.raises(DomainError, match=message):
        signup_cancel(token=token, now=NOW)


def test_cancelling_twice_is_refused(place):
    result = sign(place, 1)
    signup_cancel(token=result.cancel_token, now=NOW)
    with pytest.raises(DomainError, match="已经取消"):
        signup_cancel(token=result.cancel_token, now=NOW)


def test_a_phone_signs_up_once_per_activity_and_again_after_cancelling(place):
    result = sign(place, 1)
    with pytest.raises(DomainError, match="已报名本活动") as caught:
        signup_create(activity=place.activity_1, data=person(1, size=2), now=NOW)
    assert caught.value.field == "phone"
    signup_cancel(token=result.cancel_token, now=NOW)
    assert sign(place, 1).signup.state == SignupState.CONFIRMED


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (SignupInput("", "13800000001", "public", 1), "name", "请填写姓名"),
        (SignupInput("张三", "1380000001", "public", 1), "phone", "11 位数字，收到 10 位"),
        (SignupInput("张三", "12800000001", "public", 1), "phone", "13–19 开头"),
        (SignupInput("张三", "138ab000001", "public", 1), "phone", "只能包含数字"),
        (SignupInput("张三", "13800000001", "boss", 1), "group", "请选择身份类别"),
        (SignupInput("张三", "13800000001", "public", 0), "party_size", "1 至 10 人"),
        (SignupInput("张三", "13800000001", "public", 11), "party_size", "1 至 10 人"),
        (SignupInput("张三", "13800000001", "public", 1, "a@b.cn"), "email", "不收集电子邮箱"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(place, data, field, message):
    with pytest.raises(DomainError) as caught:
        signup_create(activity=place.activity_1, data=data, now=NOW)
    assert any(
        problem.field == field and message in problem.message
        for problem in getattr(caught.value, "errors", [caught.value])
    )
    assert not Signup.objects.exists()


def test_a_phone_with_country_code_and_separators_is_read_as_eleven_digits(place):
    signup = signup_create(
        activity=place.activity_1,
        data=SignupInput("张三", "+86 138-0000-0001", "public", 1),
        now=NOW,
    ).signup
    assert signup.phone == "13800000001"


def test_after_the_deadline_sign_up_is_refused(place):
    with pytest.raises(DomainError, match="报名已截止"):
        signup_create(activity=place.activity_1, data=person(1), now=NOW + dt.timedelta(days=2))


def test_an_activity_without_sign_up_refuses_it(place):
    with pytest.raises(DomainError, match="未开放在线报名"):
        signup_create(activity=place.activity_2, data=person(1), now=NOW)


def test_sign_up_closed_by_the_office_is_refused(place):
    _settings(place, enabled=False)
    with pytest.raises(DomainError, match="未开放在线报名"):
        sign(place, 1)


def test_a_cancelled_activity_takes_no_sign_up(place):
    activity_cancel(actor=place.admin, activity=place.activity_1, reason="天气原因")
    place.activity_1.refresh_from_db()
    with pytest.raises(DomainError, match="当前不接受报名"):
        sign(place, 1)


# --- settings -------------------------------------------------------------------------------


def _settings(place, actor=None, **changes):
    values = {
        "enabled": True,
        "capacity": 3,
        "waitlist_size": 2,
        "deadline": NOW + dt.timedelta(days=1),
        "purpose": PURPOSE,
        "ask_email": False,
    }
    values.update(changes)
    return signup_settings_save(
        actor=actor or place.admin, activity=place.activity_1, now=NOW, **values
    )


def test_the_host_liaison_sets_up_sign_up_and_it_is_audited(place):
    settings = _settings(place, actor=place.liaison_a1, capacity=40)
    assert settings.capacity == 40
    entry = AuditEntry.objects.filter(action="participation.signup_settings").first()
    assert entry.actor == place.liaison_a1
    assert entry.before["capacity"] == 3
    assert entry.after["capacity"] == 40


@pytest.mark.parametrize("who", ["liaison_a2", "viewer"])
def test_another_unit_or_a_viewer_may_not_set_up_sign_up(place, who):
    with pytest.raises(PermissionDenied):
        _settings(place, actor=getattr(place, who))


def test_growing_the_capacity_moves_the_waiting_list_up(place):
    sign(place, 1, size=3)
    sign(place, 2)
    sign(place, 3)
    _settings(place, capacity=4)
    assert [state for _, state in states(place)] == [
        SignupState.CONFIRMED,
        SignupState.CONFIRMED,
        SignupState.WAITLISTED,
    ]


def test_capacity_below_the_people_confirmed_is_refused(place):
    sign(place, 1, size=3)
    with pytest.raises(DomainError, match="不能少于已确认报名的人数（3 人）"):
        _settings(place, capacity=2)


def test_a_waiting_list_below_the_people_waiting_is_refused_and_nothing_changes(place):
    sign(place, 1, size=3)
    sign(place, 2)
    sign(place, 3)
    with pytest.raises(DomainError, match="不能少于正在候补的人数（2 人）"):
        _settings(place, waitlist_size=1, capacity=3)
    place.settings_1.refresh_from_db()
    assert place.settings_1.waitlist_size == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"waitlist_size": -1}, "waitlist_size"),
        ({"purpose": "  "}, "purpose"),
    ],
)
def test_bad_settings_are_refused_by_field(place, changes, field):
    with pytest.raises(DomainError) as caught:
        _settings(place, **changes)
    assert caught.value.field == field


def test_sign_up_cannot_be_opened_once_the_activity_was_cancelled(place):
    activity_cancel(actor=place.admin, activity=place.activity_1, reason="天气原因")
    place.activity_1.refresh_from_db()
    with pytest.raises(DomainError, match="不能再开放报名"):
        _settings(place)
    _settings(place, enabled=False)  # closing it is always possible


def test_saving_settings_refreshes_the_public_notice_cache_key(place):
    campaign = place.campaign
    campaign.refresh_from_db()
    before = campaign.content_version
    _settings(place, enabled=False)
    campaign.refresh_from_db()
    assert campaign.content_version == before + 1


# --- check-in -------------------------------------------------------------------------------


def test_check_in_by_code_counts_people_by_group(place):
    deputy = sign(place, 1, group="deputies").signup
    public = sign(place, 2, size=2).signup
    signup_check_in(actor=place.liaison_a1, activity=place.activity_1, code=deputy.code, now=NOW)
    signup_check_in(
        actor=place.admin, activity=place.activity_1, code=f" {public.code.lower()} ", now=NOW
    )
    by_group = checked_in_by_group(place.activity_1)
    assert by_group == {
        "deputies": 1,
        "cppcc": 0,
        "experts": 0,
        "media": 0,
        "enterprises": 0,
        "public": 2,
        "other": 0,
    }
    deputy.refresh_from_db()
    assert (deputy.checked_in_at, deputy.checked_in_by) == (NOW, place.liaison_a1)


def test_check_in_refuses_unknown_waiting_cancelled_and_repeated_codes(place):
    confirmed = sign(place, 1, size=3)
    waiting = sign(place, 2).signup
    cancelled = sign(place, 3)
    signup_cancel(token=cancelled.cancel_token, now=NOW)

    def check_in(code):
        return signup_check_in(actor=place.admin, activity=place.activity_1, code=code, now=NOW)

    with pytest.raises(DomainError, match="不是本活动的报名"):
        check_in("AAAAAAAA")
    with pytest.raises(DomainError, match="仍在候补名单中"):
        check_in(waiting.code)
    with pytest.raises(DomainError, match="报名已取消"):
        check_in(cancelled.signup.code)
    check_in(confirmed.signup.code)
    with pytest.raises(DomainError, match="已于 06-10 09:00 签到"):
        check_in(confirmed.signup.code)
    with pytest.raises(DomainError, match="请填写确认码"):
        check_in("  ")


def test_a_code_of_another_activity_does_not_check_in_here(place):
    _settings_2 = signup_settings_save(
        actor=place.admin,
        activity=place.activity_2,
        enabled=True,
        capacity=5,
        waitlist_size=0,
        deadline=NOW + dt.timedelta(days=1),
        purpose=PURPOSE,
        ask_email=False,
        now=NOW,
    )
    other = signup_create(activity=place.activity_2, data=person(9), now=NOW).signup
    with pytest.raises(DomainError, match="不是本活动的报名"):
        signup_check_in(actor=place.admin, activity=place.activity_1, code=other.code, now=NOW)


def test_another_unit_may_not_check_in(place):
    code = sign(place, 1).signup.code
    with pytest.raises(PermissionDenied):
        signup_check_in(actor=place.liaison_a2, activity=place.activity_1, code=code, now=NOW)


def test_a_checked_in_sign_up_cannot_be_cancelled(place):
    result = sign(place, 1)
    signup_check_in(actor=place.admin, activity=place.activity_1, code=result.signup.code, now=NOW)
    with pytest.raises(DomainError, match="已在现场签到"):
        signup_cancel(token=result.cancel_token, now=NOW)


def test_audit_entries_of_the_public_carry_no_name_or_phone(place):
    result = sign(place, 1)
    signup_cancel(token=result.cancel_token, now=NOW)
    for entry in AuditEntry.objects.filter(action__startswith="participation."):
        text = f"{entry.before} {entry.after} {entry.comment} {entry.object_repr}"
        assert "市民1" not in text
        assert "13800000001" not in text


def test_many_sign_ups_never_confirm_more_people_than_capacity(place):
    # The logic under the lock: whatever the order, confirmed people stay within capacity
    # and the waiting list within its size.
    sizes = [2, 1, 3, 1, 1, 2, 1, 1, 1]
    for n, size in enumerate(sizes, start=1):
        with contextlib.suppress(DomainError):
            sign(place, n, size=size)
    counts = signup_counts(place.activity_1)
    assert counts.confirmed == 3
    assert counts.waitlisted <= 2
    assert place.activity_1.state == ActivityState.ANNOUNCED
