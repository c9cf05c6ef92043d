"""Sign-up workflows.

- ``signup_settings_save``: the office or the host opens, closes or sizes an activity's
  sign-up (capacity, waiting list, deadline, the purpose the form states, whether it asks for
  an email). Growing the capacity moves the waiting list up.
- ``signup_create``: a member of the public signs up: confirmed while there are places and
  no one waits, else on the waiting list while it has room, else refused.
- ``signup_cancel``: the person cancels through their link; a confirmed place goes to the
  waiting list, first come first served.
- ``signup_check_in``: the host checks a confirmed person in at the door, by code.

Every one of them locks the activity's ``SignupSettings`` row first (``select_for_update``),
so concurrent requests are counted one after another and ``capacity`` is never exceeded.
Audit entries carry codes, states and numbers, never a name or a phone.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from openday.activities.enums import ActivityState, ReportGroup
from openday.activities.models import Activity
from openday.campaigns.services import campaign_content_changed, require_open_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors, PermissionDenied
from openday.participation.enums import SignupState
from openday.participation.models import Signup, SignupSettings
from openday.participation.permissions import REFUSED, runs_participation
from openday.participation.personal import (
    new_code,
    new_token,
    normalize_code,
    normalize_phone,
    phone_problem,
    token_hash,
)
from openday.participation.selectors import CHECK_IN_STATES, signup_refusal

MAX_CAPACITY = 10000
MAX_PARTY = 10
# States in which sign-up can no longer be opened: the day is past or will not come.
_OVER = (
    ActivityState.HELD,
    ActivityState.REPORTED,
    ActivityState.ACCEPTED,
    ActivityState.PUBLISHED,
    ActivityState.CANCELLED,
)


@dataclass(frozen=True)
class SignupInput:
    name: str
    phone: str
    group: str
    party_size: int
    email: str = ""


@dataclass(frozen=True)
class SignupResult:
    signup: Signup
    # The cancel link's secret: shown to the person once, only its hash is kept.
    cancel_token: str


def _people(activity: Activity, state: str) -> int:
    return Signup.objects.filter(activity=activity, state=state).aggregate(
        n=Coalesce(Sum("party_size"), 0)
    )["n"]


def _lock_settings(activity: Activity) -> SignupSettings | None:
    return SignupSettings.objects.select_for_update().filter(activity=activity).first()


def _audit(action: str, *, actor, signup: Signup, activity: Activity, **after) -> None:
    audit_record(
        actor=actor,
        action=f"participation.{action}",
        obj=signup,
        region=activity.campaign.region,
        after={"activity": activity.seq, "code": signup.code, "state": signup.state, **after},
        comment="" if actor is not None else "公众自助办理",
    )


def _promote(activity: Activity, settings: SignupSettings, now: dt.datetime) -> list[Signup]:
    """Move the waiting list up while the first in line fits the places left (first come,
    first served: a large party is not skipped for a smaller one behind it). The caller
    holds the settings' lock."""
    free = settings.capacity - _people(activity, SignupState.CONFIRMED)
    promoted = []
    waiting = Signup.objects.filter(activity=activity, state=SignupState.WAITLISTED).order_by(
        "created_at", "id"
    )
    for signup in waiting:
        if signup.party_size > free:
            break
        signup.state = SignupState.CONFIRMED
        signup.promoted_at = now
        signup.save(update_fields=["state", "promoted_at", "updated_at"])
        _audit("signup_promote", actor=None, signup=signup, activity=activity)
        free -= signup.party_size
        promoted.append(signup)
    return promoted


def signup_settings_save(
    *,
    actor,
    activity: Activity,
    enabled: bool,
    capacity: int,
    waitlist_size: int,
    deadline: dt.datetime,
    purpose: str,
    ask_email: bool,
    now: dt.datetime | None = None,
) -> SignupSettings:
    if not runs_participation(actor, activity):
        raise PermissionDenied(REFUSED)
    require_open_year(activity.campaign, "修改报名设置")
    now = now or timezone.now()
    purpose = (purpose or "").strip()
    problems = []
    if enabled and activity.state in _OVER:
        problems.append(
            DomainError(f"活动{activity.get_state_display()}，不能再开放报名。", field="enabled")
        )
    if not 1 <= capacity <= MAX_CAPACITY:
        problems.append(DomainError(f"名额应在 1 至 {MAX_CAPACITY} 人之间。", field="capacity"))
    if not 0 <= waitlist_size <= MAX_CAPACITY:
        problems.append(
            DomainError(f"候补名额应在 0 至 {MAX_CAPACITY} 人之间。", field="waitlist_size")
        )
    if enabled and not purpose:
        problems.append(
            DomainError("请填写个人信息用途说明，报名表上会向公众展示。", field="purpose")
        )
    if problems:
        raise DomainErrors.of(problems)
    with transaction.atomic():
        settings = _lock_settings(activity)
        before = _settings_snapshot(settings) if settings else None
        confirmed = _people(activity, SignupState.CONFIRMED)
        if capacity < confirmed:
            raise DomainError(f"名额不能少于已确认报名的人数（{confirmed} 人）。", field="capacity")
        if settings is None:
            settings = SignupSettings(activity=activity)
        settings.enabled = enabled
        settings.capacity = capacity
        settings.waitlist_size = waitlist_size
        settings.deadline = deadline
        settings.purpose = purpose
        settings.ask_email = ask_email
        settings.save()
        _promote(activity, settings, now)
        still_waiting = _people(activity, SignupState.WAITLISTED)
        if waitlist_size < still_waiting:
            # Raised inside the transaction: nothing of this save stays.
            raise DomainError(
                f"候补名额不能少于正在候补的人数（{still_waiting} 人）。", field="waitlist_size"
            )
        audit_record(
            actor=actor,
            action="participation.signup_settings",
            obj=settings,
            region=activity.campaign.region,
            before=before,
            after=_settings_snapshot(settings),
        )
        # The notice page links to the sign-up form while it is enabled.
        campaign_content_changed(activity.campaign)
    return settings


def _settings_snapshot(settings: SignupSettings) -> dict:
    return {
        "enabled": settings.enabled,
        "capacity": settings.capacity,
        "waitlist_size": settings.waitlist_size,
        "deadline": timezone.localtime(settings.deadline).isoformat(timespec="minutes"),
        "ask_email": settings.ask_email,
    }


def _input_problems(data: SignupInput, ask_email: bool) -> list[DomainError]:
    problems = []
    name = data.name.strip()
    if not name:
        problems.append(DomainError("请填写姓名。", field="name"))
    elif len(name) > 40:
        problems.append(DomainError("姓名最多 40 个字。", field="name"))
    if problem := phone_problem(data.phone):
        problems.append(DomainError(problem, field="phone"))
    if data.group not in ReportGroup.values:
        problems.append(DomainError("请选择身份类别。", field="group"))
    if not 1 <= data.party_size <= MAX_PARTY:
        problems.append(DomainError(f"人数应为 1 至 {MAX_PARTY} 人。", field="party_size"))
    if data.email and not ask_email:
        problems.append(DomainError("本活动报名不收集电子邮箱。", field="email"))
    return problems


def signup_create(
    *, activity: Activity, data: SignupInput, now: dt.datetime | None = None
) -> SignupResult:
    now = now or timezone.now()
    with transaction.atomic():
        settings = _lock_settings(activity)
        if refusal := signup_refusal(activity, settings, now):
            raise DomainError(refusal)
        if problems := _input_problems(data, settings.ask_email):
            raise DomainErrors.of(problems)
        phone = normalize_phone(data.phone)
        live = Signup.objects.filter(activity=activity, phone=phone).exclude(
            state=SignupState.CANCELLED
        )
        if live.exists():
            raise DomainError(
                "该手机号码已报名本活动，无需重复报名。如需更改人数，请先通过取消链接取消原报名。",
                field="phone",
            )
        confirmed = _people(activity, SignupState.CONFIRMED)
        waiting = _people(activity, SignupState.WAITLISTED)
        size = data.party_size
        if waiting == 0 and confirmed + size <= settings.capacity:
            state = SignupState.CONFIRMED
        elif waiting + size <= settings.waitlist_size:
            state = SignupState.WAITLISTED
        else:
            free = max(settings.capacity - confirmed, 0) if waiting == 0 else 0
            room = max(settings.waitlist_size - waiting, 0)
            if not free and not room:
                raise DomainError("名额和候补名额均已满，不能再报名。")
            raise DomainError(
                f"剩余名额 {free} 人、候补名额 {room} 人，不足 {size} 人，请减少人数。",
                field="party_size",
            )
        token = new_token()
        signup = _insert(
            activity=activity,
            state=state,
            token=token,
            name=data.name.strip(),
            phone=phone,
            group=data.group,
            party_size=size,
            email=data.email.strip() if settings.ask_email else "",
        )
        _audit(
            "signup_create",
            actor=None,
            signup=signup,
            activity=activity,
            group=signup.group,
            party_size=size,
        )
    return SignupResult(signup=signup, cancel_token=token)


def _insert(*, activity: Activity, state: str, token: str, **fields) -> Signup:
    """The row under a fresh code; a code already taken (one in 10¹¹) is drawn again."""
    for _attempt in range(5):
        code = new_code()
        if Signup.objects.filter(code=code).exists():
            continue
        try:
            with transaction.atomic():
                return Signup.objects.create(
                    activity=activity,
                    code=code,
                    cancel_token_hash=token_hash(token),
                    state=state,
                    **fields,
                )
        except IntegrityError as error:
            if Signup.objects.filter(
                Q(activity=activity, phone=fields["phone"]) & ~Q(state=SignupState.CANCELLED)
            ).exists():
                raise DomainError(
                    "该手机号码已报名本活动，无需重复报名。", field="phone"
                ) from error
    raise DomainError("生成确认码失败，请重新提交。")


def signup_by_token(token: str) -> Signup | None:
    if not token or len(token) > 64:
        return None
    return (
        Signup.objects.filter(cancel_token_hash=token_hash(token))
        .select_related("activity__campaign__region")
        .first()
    )


def signup_cancel(*, token: str, now: dt.datetime | None = None) -> Signup:
    """Cancel through the secret link. A confirmed place goes to the waiting list."""
    now = now or timezone.now()
    found = signup_by_token(token)
    if found is None:
        raise DomainError("取消链接无效，请核对链接是否完整。")
    activity = found.activity
    with transaction.atomic():
        settings = _lock_settings(activity)
        signup = Signup.objects.select_for_update().get(pk=found.pk)
        if signup.state == SignupState.CANCELLED:
            raise DomainError("该报名已经取消，无需再次取消。")
        activity.refresh_from_db(fields=["state"])
        if activity.state in _OVER:
            raise DomainError(f"活动{activity.get_state_display()}，报名不能再取消。")
        if signup.checked_in_at is not None:
            raise DomainError("该报名已在现场签到，不能取消。")
        was = signup.state
        signup.state = SignupState.CANCELLED
        signup.cancelled_at = now
        signup.save(update_fields=["state", "cancelled_at", "updated_at"])
        _audit("signup_cancel", actor=None, signup=signup, activity=activity, was=was)
        if settings is not None:
            _promote(activity, settings, now)
    return signup


def signup_check_in(
    *, actor, activity: Activity, code: str, now: dt.datetime | None = None
) -> Signup:
    if not runs_participation(actor, activity):
        raise PermissionDenied(REFUSED)
    now = now or timezone.now()
    value = normalize_code(code)
    if not value:
        raise DomainError("请填写确认码。", field="code")
    if len(value) > 16:
        raise DomainError("确认码应为 8 位字母和数字。", field="code")
    if activity.state not in CHECK_IN_STATES:
        raise DomainError(f"活动{activity.get_state_display()}，不能签到。")
    with transaction.atomic():
        _lock_settings(activity)
        signup = Signup.objects.select_for_update().filter(activity=activity, code=value).first()
        if signup is None:
            raise DomainError(f"确认码“{value}”不是本活动的报名，请核对。", field="code")
        if signup.state == SignupState.CANCELLED:
            raise DomainError(f"确认码“{value}”的报名已取消。", field="code")
        if signup.state == SignupState.WAITLISTED:
            raise DomainError(f"确认码“{value}”的报名仍在候补名单中，尚未获得名额。", field="code")
        if signup.checked_in_at is not None:
            at = timezone.localtime(signup.checked_in_at)
            raise DomainError(f"确认码“{value}”已于 {at:%m-%d %H:%M} 签到。", field="code")
        signup.checked_in_at = now
        signup.checked_in_by = actor if getattr(actor, "is_authenticated", False) else None
        signup.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
        _audit("signup_check_in", actor=actor, signup=signup, activity=activity)
    return signup
