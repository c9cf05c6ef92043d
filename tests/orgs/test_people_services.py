"""A region's people: accounts made by the office, password resets, deactivation, and each
person's own password."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from openday.orgs.models import Membership
from openday.orgs.people import (
    account_password_change,
    account_password_set,
    person_create,
    person_password_reset,
    person_set_active,
)
from openday.orgs.selectors import must_change_password
from tests.factories.orgs import AccountFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD = "Xiang-jiang-2024"


@pytest.fixture(autouse=True)
def _chinese():
    # Django's password validators speak the active language; pages run in zh-hans.
    with translation.override("zh-hans"):
        yield


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-pk").first()


def create(place, actor=None, **fields):
    values = {"username": "jiaoyu", "role": Role.UNIT_LIAISON, "unit": place.jiaoyu}
    values.update(fields)
    return person_create(actor=actor or place.admin, region=place.region, **values)


# --- creating ----------------------------------------------------------------------------------


def test_a_liaison_is_created_without_a_password_until_the_link_is_used(place):
    user = create(place, full_name="李梅", email="li@example.gov.cn")

    assert (user.username, user.first_name, user.email) == ("jiaoyu", "李梅", "li@example.gov.cn")
    assert user.has_usable_password() is False
    assert must_change_password(user) is False
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.region, membership.unit) == (
        Role.UNIT_LIAISON,
        place.region,
        place.jiaoyu,
    )
    entry = last_entry()
    assert (entry.action, entry.actor, entry.region) == ("person.create", place.admin, place.region)
    assert entry.after == {
        "username": "jiaoyu",
        "role": "unit_liaison",
        "unit": "区教育局",
        "temporary_password": False,
    }


def test_a_temporary_password_must_be_changed(place):
    user = create(place, password=GOOD)

    assert user.check_password(GOOD)
    assert must_change_password(user) is True
    assert "Xiang" not in str(last_entry().after)


def test_an_office_admin_of_the_region_is_created(place):
    user = create(place, username="txadmin2", role=Role.OFFICE_ADMIN, unit=place.jiaoyu)

    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.unit) == (Role.OFFICE_ADMIN, None)


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"username": " "}, "请填写用户名。", "username"),
        (
            {"username": "li mei"},
            "用户名只能包含字母、数字、汉字和 @ . + - _，不能有空格。",
            "username",
        ),
        ({"username": "RENSHE"}, "用户名“RENSHE”已被使用，请换一个。", "username"),
        ({"email": "li@"}, "电子邮箱“li@”的格式不正确。", "email"),
        ({"unit": None}, "请选择联络员所在的单位。", "unit"),
        ({"role": Role.SUPERIOR_VIEWER}, "只能授予单位联络员或公开办管理员。", "role"),
        ({"password": "12345678901"}, "密码只包含数字。", "password"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(place, fields, message, field):
    users = User.objects.count()

    with pytest.raises(DomainError) as refused:
        create(place, **fields)

    assert message in refused.value.message
    assert refused.value.field == field
    assert User.objects.count() == users


def test_a_liaison_of_an_inactive_unit_is_refused(place):
    place.jiaoyu.is_active = False
    place.jiaoyu.save()

    with pytest.raises(DomainError, match="单位“区教育局”已停用，不能再添加联络员。"):
        create(place)


def test_no_role_is_granted_in_another_region(place):
    with pytest.raises(PermissionDenied, match="您不是天心区政务公开办的管理员"):
        create(place, actor=place.other_admin)


def test_a_unit_of_another_region_is_refused(place):
    with pytest.raises(PermissionDenied, match="单位“市教育局”不属于天心区"):
        create(place, unit=place.other_unit)


@pytest.mark.parametrize("who", ["liaison", "viewer"])
def test_liaisons_and_viewers_grant_nothing(place, who):
    with pytest.raises(PermissionDenied):
        create(place, actor=getattr(place, who))


def test_the_superuser_grants_in_any_region(place):
    user = create(place, actor=place.superuser)

    assert Membership.objects.get(user=user).region == place.region


# --- resetting, deactivating -------------------------------------------------------------------


def test_a_reset_to_a_link_stops_the_old_password(place):
    user = person_password_reset(actor=place.admin, region=place.region, user=place.liaison)

    assert user.has_usable_password() is False
    assert must_change_password(user) is False
    assert (last_entry().action, last_entry().after) == (
        "person.password_reset",
        {"temporary_password": False},
    )


def test_a_reset_to_a_temporary_password_must_be_changed(place):
    user = person_password_reset(
        actor=place.admin, region=place.region, user=place.liaison, password=GOOD
    )

    assert user.check_password(GOOD)
    assert must_change_password(user) is True


def test_one_does_not_reset_ones_own_password_here(place):
    with pytest.raises(DomainError, match="不能在这里重置自己的密码"):
        person_password_reset(actor=place.admin, region=place.region, user=place.admin)


def test_someone_serving_elsewhere_is_managed_there(place):
    Membership.objects.create(user=place.liaison, role=Role.OFFICE_ADMIN, region=place.other)

    with pytest.raises(PermissionDenied, match="还在其他地区或上级机关任职"):
        person_password_reset(actor=place.admin, region=place.region, user=place.liaison)
    with pytest.raises(PermissionDenied):
        person_set_active(actor=place.admin, region=place.region, user=place.liaison, active=False)
    # The superuser may.
    person_set_active(actor=place.superuser, region=place.region, user=place.liaison, active=False)


def test_a_superusers_account_is_not_the_offices(place):
    Membership.objects.create(user=place.superuser, role=Role.OFFICE_ADMIN, region=place.region)

    with pytest.raises(PermissionDenied, match="系统管理员的账号只能由系统管理员管理。"):
        person_set_active(
            actor=place.admin, region=place.region, user=place.superuser, active=False
        )


def test_a_person_is_deactivated_and_keeps_the_membership(place):
    person_set_active(actor=place.admin, region=place.region, user=place.liaison, active=False)

    place.liaison.refresh_from_db()
    assert place.liaison.is_active is False
    assert Membership.objects.filter(user=place.liaison).count() == 1
    assert (last_entry().action, last_entry().after) == ("person.deactivate", {"is_active": False})

    person_set_active(actor=place.admin, region=place.region, user=place.liaison, active=True)
    place.liaison.refresh_from_db()
    assert place.liaison.is_active is True


def test_one_does_not_deactivate_oneself(place):
    with pytest.raises(DomainError, match="不能停用自己的账号。"):
        person_set_active(actor=place.admin, region=place.region, user=place.admin, active=False)


def test_deactivating_twice_is_refused(place):
    person_set_active(actor=place.admin, region=place.region, user=place.liaison, active=False)

    with pytest.raises(DomainError, match="账号“renshe”已经是停用状态。"):
        person_set_active(actor=place.admin, region=place.region, user=place.liaison, active=False)


# --- one's own password ------------------------------------------------------------------------


def test_changing_ones_password_clears_the_flag(place):
    AccountFactory(user=place.liaison, must_change_password=True)

    account_password_change(actor=place.liaison, password=GOOD)

    place.liaison.refresh_from_db()
    assert place.liaison.check_password(GOOD)
    assert must_change_password(place.liaison) is False
    assert (last_entry().action, last_entry().actor) == ("account.password_change", place.liaison)


def test_setting_a_password_through_the_link_is_audited(place):
    user = create(place)

    account_password_set(user=user, password=GOOD)

    assert user.check_password(GOOD)
    assert (last_entry().action, last_entry().actor) == ("account.password_set", user)


def test_a_weak_own_password_is_refused(place):
    with pytest.raises(DomainError, match="密码太短，至少需要 10 个字符。"):
        account_password_change(actor=place.liaison, password="short")
