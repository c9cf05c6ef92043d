"""Workflows of a region's people and of everyone's password.

- ``person_create``: a new account, liaison of a unit or office admin of the region. Without a
  password it has none until the person sets one through a one-time link (the caller makes the
  link with Django's ``default_token_generator``); with a temporary password the office sets,
  the person must change it at the first login.
- ``person_password_reset``: the same two ways again; the old password stops working at once,
  and so does any earlier link.
- ``person_set_active``: deactivate (the account can no longer sign in, its memberships and
  history stay, so it can be reactivated) or reactivate.
- ``account_password_change`` / ``account_password_set``: a person's own password, on the
  change page or through the one-time link; either clears the must-change flag.

Nobody grants outside their region or above their role: an office admin grants liaison or
office admin in a region they administer, and manages only people whose every membership is
in such a region (someone who also serves elsewhere is managed there, or by the superuser).
"""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.core.scope import scope_of
from openday.orgs.enums import Role
from openday.orgs.models import Account, Membership, Region, Unit
from openday.orgs.names import clean_text
from openday.orgs.selectors import administers_region

GRANTABLE_ROLES = (Role.UNIT_LIAISON, Role.OFFICE_ADMIN)


def _check_admin(actor, region: Region) -> None:
    if not administers_region(actor, region.pk):
        raise PermissionDenied(f"您不是{region.name}政务公开办的管理员，不能管理该地区的人员。")


def _check_manages(actor, region: Region, user) -> None:
    """``actor`` administers every region ``user`` holds a role in, and ``user`` is no more
    than an office admin."""
    _check_admin(actor, region)
    if scope_of(actor).sees_everything:
        return
    if user.is_superuser or user.is_staff:
        raise PermissionDenied("系统管理员的账号只能由系统管理员管理。")
    regions = set(Membership.objects.filter(user=user).values_list("region_id", "role"))
    if not regions:
        raise PermissionDenied(f"该人员不在{region.name}任职。")
    outside = [
        region_id
        for region_id, role in regions
        if role not in GRANTABLE_ROLES or not administers_region(actor, region_id)
    ]
    if outside:
        raise PermissionDenied("该人员还在其他地区或上级机关任职，只能由系统管理员管理其账号。")


def _check_password(password: str, user) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError("".join(error.messages), field="password") from None


def _set_must_change(user, value: bool) -> None:
    Account.objects.update_or_create(user=user, defaults={"must_change_password": value})


def person_create(
    *,
    actor,
    region: Region,
    username: str,
    full_name: str = "",
    email: str = "",
    role: str,
    unit: Unit | None = None,
    password: str = "",
):
    """A new account with one membership in ``region``; see the module's docstring."""
    _check_admin(actor, region)
    if role not in GRANTABLE_ROLES:
        raise DomainError("只能授予单位联络员或公开办管理员。", field="role")
    if role == Role.UNIT_LIAISON:
        if unit is None:
            raise DomainError("请选择联络员所在的单位。", field="unit")
        if unit.region_id != region.pk:
            raise PermissionDenied(f"单位“{unit.name}”不属于{region.name}，不能在此授予。")
        if not unit.is_active:
            raise DomainError(f"单位“{unit.name}”已停用，不能再添加联络员。", field="unit")
    else:
        unit = None
    User = get_user_model()
    username = clean_text(username)
    if not username:
        raise DomainError("请填写用户名。", field="username")
    try:
        User.username_validator(username)
    except ValidationError:
        raise DomainError(
            "用户名只能包含字母、数字、汉字和 @ . + - _，不能有空格。", field="username"
        ) from None
    if len(username) > User._meta.get_field("username").max_length:
        raise DomainError("用户名不能超过 150 个字符。", field="username")
    email = clean_text(email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(f"电子邮箱“{email}”的格式不正确。", field="email") from None
    full_name = clean_text(full_name)[:150]
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(f"用户名“{username}”已被使用，请换一个。", field="username")
        user = User(username=username, first_name=full_name, email=email)
        if password:
            _check_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        _set_must_change(user, bool(password))
        Membership.objects.create(user=user, role=role, region=region, unit=unit)
        audit_record(
            actor=actor,
            action="person.create",
            obj=user,
            region=region,
            after={
                "username": username,
                "role": role,
                "unit": unit.name if unit else "",
                "temporary_password": bool(password),
            },
        )
    return user


def person_password_reset(*, actor, region: Region, user, password: str = ""):
    """A new way in: a temporary password (changed at the next login), or none until the
    person follows a new one-time link. The old password and earlier links stop working."""
    if actor is not None and actor.pk == user.pk:
        raise DomainError("不能在这里重置自己的密码，请使用“修改密码”。")
    _check_manages(actor, region, user)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if password:
            _check_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        _set_must_change(user, bool(password))
        audit_record(
            actor=actor,
            action="person.password_reset",
            obj=user,
            region=region,
            after={"temporary_password": bool(password)},
        )
    return user


def person_set_active(*, actor, region: Region, user, active: bool):
    """Deactivate or reactivate the account; its memberships and history stay."""
    if not active and actor is not None and actor.pk == user.pk:
        raise DomainError("不能停用自己的账号。")
    _check_manages(actor, region, user)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            state = "启用" if active else "停用"
            raise DomainError(f"账号“{user.username}”已经是{state}状态。")
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="person.activate" if active else "person.deactivate",
            obj=user,
            region=region,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return user


def _set_own(user, password: str, action: str) -> None:
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Account.objects.filter(user=user).update(must_change_password=False)
        audit_record(actor=user, action=action, obj=user)


def account_password_change(*, actor, password: str) -> None:
    """The signed-in person's new password (the caller has checked the old one)."""
    _set_own(actor, password, "account.password_change")


def account_password_set(*, user, password: str) -> None:
    """The password a person chose through their one-time link."""
    _set_own(user, password, "account.password_set")
