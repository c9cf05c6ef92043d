"""The public notice before an activity (活动预告) and the office's review of it.

- ``activity_announce``: the notice as the host unit or the office writes it. It goes public at
  once (the lifecycle's "announce") when the office writes it or when the campaign asks for no
  review (``CampaignRules.notice_review_required`` off). Otherwise a liaison's notice is handed
  in for review (``NoticeSubmission``, event "notice_submit") and nothing public changes.
- ``notice_approve``: the office approves the submitted notice; this is the "announce" move of
  the lifecycle, so the table still decides whether the activity may be announced now (a held
  or cancelled activity is refused).
- ``notice_return``: the office returns it with a comment; the unit edits the same submission
  and hands it in again through ``activity_announce``.

Review never adds a state to the lifecycle: a submitted notice is work in progress beside the
activity, recorded as events that leave its state as it was (from = to), like the public's
corrections and withdrawals in ``corrections``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openday.activities import lifecycle
from openday.activities.enums import ActivityState, NoticeReview
from openday.activities.models import Activity, ActivityNotice, NoticeSubmission
from openday.activities.permissions import can_take, is_office_admin
from openday.activities.selectors import OPEN_REVIEWS, open_submission
from openday.activities.services.transitions import (
    _locked,
    _office_only,
    _person,
    _record,
    _required,
    _transition,
)
from openday.core.errors import DomainError, PermissionDenied
from openday.core.formats import date_label
from openday.core.scope import scope_of


@dataclass(frozen=True)
class NoticeInput:
    theme: str
    host: str
    held_on: dt.date
    start_time: dt.time | None
    venue: str
    audience: str
    content: str
    form: str
    signup: str
    contact: str
    end_time: dt.time | None = None


def review_required(activity: Activity) -> bool:
    """Whether a liaison's notice waits for the office (the campaign's rule; on by default)."""
    rules = getattr(activity.campaign, "rules", None)
    return True if rules is None else rules.notice_review_required


def needs_review(actor, activity: Activity) -> bool:
    """True when ``actor``'s notice for ``activity`` is handed in for review, not published."""
    return review_required(activity) and not is_office_admin(scope_of(actor), activity)


def _checked(activity: Activity, notice: NoticeInput) -> dict:
    """The notice's fields, checked; the date is the one fixed when scheduling."""
    fields = {
        "theme": _required(notice.theme, "活动主题", "theme"),
        "host": _required(notice.host, "主办单位", "host"),
        "venue": _required(notice.venue, "活动地点", "venue"),
        "audience": _required(notice.audience, "邀请对象", "audience"),
        "content": _required(notice.content, "活动内容", "content"),
        "form": _required(notice.form, "活动形式", "form"),
        "signup": _required(notice.signup, "报名方式", "signup"),
        "contact": _required(notice.contact, "咨询联系方式", "contact"),
    }
    if notice.held_on is None:
        raise DomainError("请填写活动日期。", field="held_on")
    if activity.scheduled_on and notice.held_on != activity.scheduled_on:
        raise DomainError(
            f"预告的活动日期（{date_label(notice.held_on)}）与已确定的活动日期"
            f"（{date_label(activity.scheduled_on)}）不一致；如需改期，请先办理延期。",
            field="held_on",
        )
    if notice.start_time is None:
        raise DomainError("请填写开始时间。", field="start_time")
    if notice.end_time and notice.end_time <= notice.start_time:
        raise DomainError("结束时间应晚于开始时间。", field="end_time")
    return {
        **fields,
        "held_on": notice.held_on,
        "start_time": notice.start_time,
        "end_time": notice.end_time,
    }


def _publish(locked: Activity, fields: dict) -> dict:
    """Make ``fields`` the public notice (a withdrawn one comes back with the new words)."""
    ActivityNotice.objects.update_or_create(
        activity=locked,
        defaults={
            **fields,
            "published_at": timezone.now(),
            "withdrawn_at": None,
            "withdrawn_reason": "",
        },
    )
    locked.start_time, locked.end_time = fields["start_time"], fields["end_time"]
    locked.venue = fields["venue"]
    return {"venue": fields["venue"]}


def _submit(*, actor, activity: Activity, notice: NoticeInput) -> Activity:
    with transaction.atomic():
        locked = _locked(activity)
        if not lifecycle.can_move(locked.state, ActivityState.ANNOUNCED):
            raise DomainError(lifecycle.refusal(locked.state, ActivityState.ANNOUNCED))
        if not can_take(actor, locked, "announce"):
            raise PermissionDenied("您没有权限提交该活动的活动预告。")
        fields = _checked(locked, notice)
        submission = open_submission(locked) or NoticeSubmission(activity=locked)
        for name, value in fields.items():
            setattr(submission, name, value)
        submission.review = NoticeReview.SUBMITTED
        submission.submitted_by = _person(actor)
        submission.save()
        _record(
            actor=actor,
            activity=locked,
            action="notice_submit",
            data={"submission": submission.pk, "venue": fields["venue"]},
        )
    activity.refresh_from_db()
    return activity


def activity_announce(*, actor, activity: Activity, notice: NoticeInput) -> Activity:
    """Publish the notice, or hand it in for the office's review (see the module).

    Its time and place become the activity's when it goes public. The date is the one fixed
    when scheduling: moving it is a postponement, not an edit of the notice."""
    if needs_review(actor, activity):
        return _submit(actor=actor, activity=activity, notice=notice)

    def apply(locked: Activity) -> dict:
        fields = _checked(locked, notice)
        # The office wrote the notice itself: a unit's open submission is settled by it.
        NoticeSubmission.objects.filter(activity=locked, review__in=OPEN_REVIEWS).update(
            review=NoticeReview.APPROVED,
            reviewed_by=_person(actor),
            reviewed_at=timezone.now(),
        )
        return _publish(locked, fields)

    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.ANNOUNCED,
        apply=apply,
        only="announce",
    )


def _settle(submission: NoticeSubmission, *, actor, review: str, comment: str = "") -> None:
    """The office's decision on a submitted notice: approved, or returned with ``comment``."""
    submission.review = review
    submission.comment = comment
    submission.reviewed_by = _person(actor)
    submission.reviewed_at = timezone.now()
    submission.save()


def _submitted(activity: Activity) -> NoticeSubmission:
    submission = open_submission(activity)
    if submission is None or submission.review != NoticeReview.SUBMITTED:
        raise DomainError("该活动没有待审核的活动预告。")
    return submission


def notice_approve(*, actor, activity: Activity, comment: str = "") -> Activity:
    """The office approves the unit's notice: it goes public (the lifecycle's "announce")."""
    _office_only(actor, activity, "审核活动预告")

    def apply(locked: Activity) -> dict:
        submission = _submitted(locked)
        fields = {name: getattr(submission, name) for name in NoticeSubmission.TEXT_FIELDS}
        # The date may have moved since (a postponement): the unit must submit again.
        if locked.scheduled_on and submission.held_on != locked.scheduled_on:
            raise DomainError(
                f"提交的预告活动日期（{date_label(submission.held_on)}）与现定的活动日期"
                f"（{date_label(locked.scheduled_on)}）不一致，请退回承办单位修改。"
            )
        _settle(submission, actor=actor, review=NoticeReview.APPROVED)
        return {**_publish(locked, fields), "submission": submission.pk}

    with transaction.atomic():
        _submitted(activity)  # before the table: "nothing to approve" says more than a state
        return _transition(
            actor=actor,
            activity=activity,
            target=ActivityState.ANNOUNCED,
            comment=(comment or "").strip(),
            apply=apply,
            only="announce",
        )


def notice_return(*, actor, activity: Activity, comment: str) -> Activity:
    """The office returns the unit's notice with what to change; nothing goes public."""
    _office_only(actor, activity, "审核活动预告")
    comment = _required(comment, "退回意见", "comment")
    with transaction.atomic():
        locked = _locked(activity)
        submission = _submitted(locked)
        _settle(submission, actor=actor, review=NoticeReview.RETURNED, comment=comment)
        _record(
            actor=actor,
            activity=locked,
            action="notice_return",
            comment=comment,
            data={"submission": submission.pk},
        )
    activity.refresh_from_db()
    return activity
