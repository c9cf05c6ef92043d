"""Opinion workflows (意见征集).

- ``opinion_post``: the public leaves an opinion on a campaign or on one of its public
  activities (up to 1,000 characters, contact details optional and never shown).
- ``opinion_publish`` / ``opinion_hide`` (with a reason) / ``opinion_mark_duplicate`` (of an
  opinion of the same campaign): moderation by the office, or by the host unit for the
  opinions on its activities; the moves are ``enums.OPINION_TRANSITIONS``.
- ``opinion_reply``: the office or the host publishes a reply (回应) to a published opinion;
  replying again replaces the text.
- ``replies_move_unit``: a unit merge moves the replies it gave to the unit kept.

Audit entries name the opinion and its state, never the author's contact details.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.campaigns.services import require_open_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors, PermissionDenied
from openday.orgs.models import Unit
from openday.orgs.selectors import office_name
from openday.participation.enums import OPINION_TRANSITIONS, OpinionState
from openday.participation.models import Opinion, OpinionReply
from openday.participation.permissions import REFUSED, can_moderate, replying_unit
from openday.participation.personal import normalize_phone, phone_problem
from openday.participation.selectors import opinion_refusal

MAX_TEXT = 1000
MAX_REPLY = 2000
MAX_REASON = 500


@dataclass(frozen=True)
class OpinionInput:
    text: str
    name: str = ""
    phone: str = ""
    email: str = ""


def _audit(action: str, *, actor, opinion: Opinion, before: dict | None = None, **after):
    audit_record(
        actor=actor,
        action=f"participation.{action}",
        obj=opinion,
        region=opinion.campaign.region,
        before=before,
        after={"state": opinion.state, **after},
        comment="" if actor is not None else "公众留言",
    )


def opinion_post(
    *,
    campaign: Campaign,
    activity: Activity | None,
    data: OpinionInput,
    now: dt.datetime | None = None,
) -> Opinion:
    if activity is not None and activity.campaign_id != campaign.pk:
        raise DomainError("该活动不属于本年度活动。")
    if refusal := opinion_refusal(campaign, activity):
        raise DomainError(refusal)
    text = (data.text or "").strip()
    problems = []
    if not text:
        problems.append(DomainError("请填写留言内容。", field="text"))
    elif len(text) > MAX_TEXT:
        problems.append(
            DomainError(f"留言内容最多 {MAX_TEXT} 个字，当前 {len(text)} 个字。", field="text")
        )
    name = (data.name or "").strip()
    if len(name) > 40:
        problems.append(DomainError("姓名最多 40 个字。", field="name"))
    phone = ""
    if (data.phone or "").strip():
        if problem := phone_problem(data.phone):
            problems.append(DomainError(problem, field="phone"))
        else:
            phone = normalize_phone(data.phone)
    if problems:
        raise DomainErrors.of(problems)
    with transaction.atomic():
        opinion = Opinion.objects.create(
            campaign=campaign,
            activity=activity,
            text=text,
            name=name,
            phone=phone,
            email=(data.email or "").strip(),
        )
        _audit(
            "opinion_post",
            actor=None,
            opinion=opinion,
            activity=activity.seq if activity else None,
        )
    return opinion


def _moderate(
    *, actor, opinion: Opinion, target: str, now: dt.datetime | None, **fields
) -> Opinion:
    if not can_moderate(actor, opinion):
        raise PermissionDenied(REFUSED)
    require_open_year(opinion.campaign, "审核留言")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if target not in OPINION_TRANSITIONS.get(locked.state, frozenset()):
            raise DomainError(
                f"该留言{locked.get_state_display()}，不能再设为“{OpinionState(target).label}”。"
            )
        before = {"state": locked.state}
        locked.state = target
        locked.moderated_at = now
        locked.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.hidden_reason = fields.get("hidden_reason", "")
        locked.duplicate_of = fields.get("duplicate_of")
        if target == OpinionState.PUBLISHED and locked.published_at is None:
            locked.published_at = now
        locked.save()
        after = {}
        if locked.hidden_reason:
            after["reason"] = locked.hidden_reason
        if locked.duplicate_of_id:
            after["duplicate_of"] = locked.duplicate_of_id
        _audit(f"opinion_{_VERBS[target]}", actor=actor, opinion=locked, before=before, **after)
    return locked


_VERBS = {
    OpinionState.PUBLISHED: "publish",
    OpinionState.HIDDEN: "hide",
    OpinionState.DUPLICATE: "mark_duplicate",
}


def opinion_publish(*, actor, opinion: Opinion, now: dt.datetime | None = None) -> Opinion:
    return _moderate(actor=actor, opinion=opinion, target=OpinionState.PUBLISHED, now=now)


def opinion_hide(
    *, actor, opinion: Opinion, reason: str, now: dt.datetime | None = None
) -> Opinion:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写不予公开的原因。", field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(f"原因最多 {MAX_REASON} 个字。", field="reason")
    return _moderate(
        actor=actor, opinion=opinion, target=OpinionState.HIDDEN, now=now, hidden_reason=reason
    )


def opinion_mark_duplicate(
    *, actor, opinion: Opinion, original_id: int | None, now: dt.datetime | None = None
) -> Opinion:
    if not original_id:
        raise DomainError("请填写与之重复的留言编号。", field="original")
    original = Opinion.objects.filter(pk=original_id, campaign_id=opinion.campaign_id).first()
    if original is None:
        raise DomainError(
            f"编号为 {original_id} 的留言不在本年度活动中，请核对编号。", field="original"
        )
    if original.pk == opinion.pk:
        raise DomainError("不能把留言标记为与自己重复。", field="original")
    if original.state == OpinionState.DUPLICATE:
        raise DomainError(
            f"编号为 {original_id} 的留言本身已标记为重复，请填写最初的那条留言的编号"
            f"（{original.duplicate_of_id or '—'}）。",
            field="original",
        )
    return _moderate(
        actor=actor,
        opinion=opinion,
        target=OpinionState.DUPLICATE,
        now=now,
        duplicate_of=original,
    )


def opinion_reply(
    *, actor, opinion: Opinion, text: str, now: dt.datetime | None = None
) -> OpinionReply:
    if not can_moderate(actor, opinion):
        raise PermissionDenied(REFUSED)
    require_open_year(opinion.campaign, "回应留言")
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写回应内容。", field="text")
    if len(text) > MAX_REPLY:
        raise DomainError(f"回应内容最多 {MAX_REPLY} 个字，当前 {len(text)} 个字。", field="text")
    now = now or timezone.now()
    unit = replying_unit(actor, opinion)
    responder = unit.name if unit else office_name(opinion.campaign.region)
    with transaction.atomic():
        locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if locked.state != OpinionState.PUBLISHED:
            raise DomainError(f"该留言{locked.get_state_display()}，请先公开留言再发布回应。")
        reply = OpinionReply.objects.filter(opinion=locked).first()
        before = {"text": reply.text, "responder": reply.responder} if reply else None
        if reply is None:
            reply = OpinionReply(opinion=locked)
        reply.text = text
        reply.unit = unit
        reply.responder = responder
        reply.author = actor if getattr(actor, "is_authenticated", False) else None
        reply.published_at = now
        reply.save()
        _audit(
            "opinion_reply",
            actor=actor,
            opinion=locked,
            before=before,
            text=text,
            responder=responder,
        )
    return reply


def replies_move_unit(source: Unit, kept: Unit) -> dict[str, int]:
    """Inside ``orgs.services.unit_merge``: the replies ``source`` gave are ``kept``'s."""
    moved = OpinionReply.objects.filter(unit=source).update(unit=kept)
    return {"opinion_replies": moved}
