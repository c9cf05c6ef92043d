"""Event notices: the office has returned a declaration, accepted or returned an activity's
materials, or published the plan. Each function words the notice for every person who is
told and records it through ``notification_record``.

- ``declaration_returned``: to the liaisons of the declaration's unit.
- ``report_accepted`` / ``report_returned``: to the liaisons of the activity's hosts (group
  hosts such as 各街道办事处 included).
- ``plan_published``: to the liaisons of every unit hosting an activity of the plan, each once,
  with their units' activities.
- ``activity_urged`` (督办): to the liaisons of the one host unit the office named, with its
  message; ``notice_submitted``: to the region's office admins, a unit's 活动预告 to review;
  ``notice_returned``: to the hosts' liaisons, their 活动预告 returned with a comment.

The domain never calls these: its services record what happened as an audit entry, and the
listeners at the end of this module, subscribed to those actions in ``RemindersConfig.ready``
(``openday.core.audit.on_action``), run with the entry once its transaction commits. So a
refused or rolled-back action tells no one.

- ``declaration.return`` → ``on_declaration_return``: the entry is on the declaration, its
  comment the office's reasons.
- ``activity.accept`` / ``activity.return`` → ``on_activity_accept`` / ``on_activity_return``:
  the entry is on the activity, ``after["event"]`` its ActivityEvent.
- ``plan.publish`` → ``on_plan_publish``: the entry is on the campaign.
- ``activity.urge`` / ``activity.notice_submit`` / ``activity.notice_return`` →
  ``on_activity_urge`` / ``on_notice_submit`` / ``on_notice_return``: the entry is on the
  activity, ``after["event"]`` its ActivityEvent.

The occasion names the event itself, never only its object: a declaration returned twice is
two notices, a rerun of one event is none. The person who acted is never told of their own
action.
"""

from collections import defaultdict

from django.urls import reverse

from openday.activities.enums import DeadlineKind
from openday.activities.models import Activity, ActivityDeadline, ActivityEvent, has_steps_q
from openday.campaigns.models import Campaign
from openday.core.audit import Listener
from openday.core.formats import date_label
from openday.core.models import AuditEntry
from openday.declarations.models import Declaration, DeclarationWindow
from openday.orgs.models import Unit
from openday.reminders.models import Notification
from openday.reminders.recipients import (
    activity_liaisons,
    host_memberships_by_activity,
    office_admins,
    unit_liaisons,
)
from openday.reminders.services import Draft, draft_title, notification_record
from openday.reminders.wording import activity_link, activity_named


def _titled(campaign: Campaign, what: str) -> str:
    """「《campaign title》what」, the campaign's title clipped so the whole fits the column."""
    return draft_title("《", campaign.title, f"》{what}")


def _record(drafts) -> list[Notification]:
    """Record each draft; what was newly recorded (a rerun records nothing)."""
    recorded = (notification_record(draft=draft) for draft in drafts)
    return [notification for notification in recorded if notification is not None]


def declaration_returned(
    declaration: Declaration, comment: str, *, entry: AuditEntry
) -> list[Notification]:
    """Tell the unit's liaisons that the office returned its declaration, and why.

    ``entry`` is the audit entry of this return: it tells one return from the next.
    """
    campaign = declaration.campaign
    unit = declaration.unit
    window = DeclarationWindow.objects.filter(campaign=campaign).first()
    lines = [
        f"{unit.name}的主题申报被{campaign.region.name}政务公开办退回。",
        f"退回意见：{comment}",
        "请按退回意见修改后重新提交。",
    ]
    if window is not None:
        lines.append(f"申报截止日期：{date_label(window.closes_on)}（当天仍可提交）。")
    link = reverse("staff:declaration-edit", kwargs={"slug": campaign.slug, "unit_id": unit.pk})
    return _record(
        Draft(
            recipient=user,
            occasion=f"declaration-returned:{declaration.pk}:{entry.pk}",
            title=_titled(campaign, "主题申报被退回"),
            body="\n".join(lines),
            link=link,
            item_type="declarations.declaration",
            item_id=declaration.pk,
            region_id=campaign.region_id,
        )
        for user in unit_liaisons(unit).exclude(pk=entry.actor_id)
    )


def _activity_drafts(
    activity: Activity, event: ActivityEvent, kind: str, title: str, lines, recipients=None
):
    """One notice per recipient (the hosts' liaisons unless told), never to whoever acted;
    the occasion is ``kind`` and the event, so each event tells each person once."""
    if recipients is None:
        recipients = activity_liaisons(activity)
    return (
        Draft(
            recipient=user,
            occasion=f"{kind}:{event.pk}",
            title=draft_title("", title),
            body="\n".join(lines),
            link=activity_link(activity),
            item_type="activities.activity",
            item_id=activity.pk,
            region_id=activity.campaign.region_id,
        )
        for user in recipients.exclude(pk=event.actor_id)
    )


def report_accepted(activity: Activity, *, event: ActivityEvent) -> list[Notification]:
    """Tell the hosts' liaisons that the office accepted the activity's materials.

    ``event`` is the activity's "accept" event.
    """
    lines = [f"{activity_named(activity)}的活动材料已审核通过。"]
    if event.comment:
        lines.append(f"审核意见：{event.comment}")
    return _record(
        _activity_drafts(
            activity, event, "report-accepted", f"活动材料审核通过：{activity.title}", lines
        )
    )


def report_returned(
    activity: Activity, comment: str, *, event: ActivityEvent
) -> list[Notification]:
    """Tell the hosts' liaisons that the office returned the activity's materials, why, and by
    when to report again. ``event`` is the activity's "return" event."""
    lines = [f"{activity_named(activity)}的活动材料被退回。", f"退回意见：{comment}"]
    due = ActivityDeadline.objects.filter(
        activity=activity, kind=DeadlineKind.REPORT, done_on__isnull=True
    ).first()
    if due is None:
        lines.append("请按退回意见修改后重新报送。")
    else:
        guess = "（节假日安排未公布，日期可能调整）" if due.provisional else ""
        lines.append(f"请按退回意见修改后，于{date_label(due.due_on)}前重新报送{guess}。")
    return _record(
        _activity_drafts(
            activity, event, "report-returned", f"活动材料被退回：{activity.title}", lines
        )
    )


def plan_hosts(campaign: Campaign) -> dict[object, dict[Unit, list[Activity]]]:
    """Every active liaison of a unit hosting an activity of ``campaign``'s plan, each once,
    with their host units and each unit's activities, in plan order:
    ``{user: {unit: [activity, ...]}}``."""
    activities = list(
        Activity.objects.filter(campaign=campaign)
        .filter(has_steps_q())
        .select_related("campaign")
        .prefetch_related("hosts")
        .order_by("seq")
    )
    memberships = host_memberships_by_activity(activities)
    found = defaultdict(lambda: defaultdict(list))
    for activity in activities:
        for membership in memberships[activity.pk]:
            if membership.user.is_active:
                found[membership.user][membership.unit].append(activity)
    return {user: dict(units) for user, units in found.items()}


def plan_published(campaign: Campaign, *, entry: AuditEntry) -> list[Notification]:
    """Tell each host unit's liaisons that the plan is published, with their activities in it.

    ``entry`` is the audit entry of this publication.
    """
    total = Activity.objects.rows().filter(campaign=campaign).count()
    drafts = []
    for user, units in plan_hosts(campaign).items():
        if user.pk == entry.actor_id:
            continue
        lines = [f"《{campaign.title}》活动计划已发布，共{total}场活动。"]
        for unit, activities in units.items():
            lines.append(f"\n{unit.name}承办{len(activities)}场：")
            lines.extend(f"{a.ref}. {a.title}（{a.month_label}）" for a in activities)
        drafts.append(
            Draft(
                recipient=user,
                occasion=f"plan-published:{campaign.pk}:{entry.pk}",
                title=_titled(campaign, "活动计划已发布"),
                body="\n".join(lines),
                link=reverse("staff:campaign-detail", kwargs={"slug": campaign.slug}),
                item_type="campaigns.campaign",
                item_id=campaign.pk,
                region_id=campaign.region_id,
            )
        )
    return _record(drafts)


def activity_urged(activity: Activity, *, event: ActivityEvent) -> list[Notification]:
    """督办: tell the liaisons of the unit the office named (``event.data["unit"]``) about the
    activity, with the office's message. ``event`` is the activity's "urge" event: each 督办 is
    one notice per liaison, a rerun of it none."""
    unit = Unit.objects.get(pk=event.data["unit"])
    region = activity.campaign.region.name
    lines = [
        f"{region}政务公开办就{activity_named(activity)}向{unit.name}督办：",
        event.comment,
        "请尽快办理，并在工作台更新活动进展。",
    ]
    return _record(
        _activity_drafts(
            activity,
            event,
            "activity-urged",
            f"督办：{activity.title}",
            lines,
            recipients=unit_liaisons(unit),
        )
    )


def notice_submitted(activity: Activity, *, event: ActivityEvent) -> list[Notification]:
    """Tell the region's office admins that a unit handed in a 活动预告 for their review.
    ``event`` is the activity's "notice_submit" event: each submission is one notice."""
    lines = [
        f"{activity_named(activity)}的活动预告已提交，请审核。",
        "审核通过后，活动预告在公开专栏“近期活动”中发布；也可退回承办单位修改。",
    ]
    return _record(
        _activity_drafts(
            activity,
            event,
            "notice-submitted",
            f"活动预告待审核：{activity.title}",
            lines,
            recipients=office_admins(activity.campaign.region),
        )
    )


def notice_returned(
    activity: Activity, comment: str, *, event: ActivityEvent
) -> list[Notification]:
    """Tell the hosts' liaisons that the office returned the activity's 活动预告, and why.
    ``event`` is the activity's "notice_return" event."""
    lines = [
        f"{activity_named(activity)}的活动预告未通过审核，暂未在专栏公开。",
        f"退回意见：{comment}",
        "请按退回意见修改后重新提交。",
    ]
    return _record(
        _activity_drafts(
            activity, event, "notice-returned", f"活动预告被退回：{activity.title}", lines
        )
    )


# --- Listeners (subscribed in ``RemindersConfig.ready``) -----------------------------------


def on_declaration_return(entry: AuditEntry) -> None:
    declaration = Declaration.objects.select_related("campaign__region", "unit").get(
        pk=entry.object_id
    )
    declaration_returned(declaration, entry.comment, entry=entry)


def _activity_event(entry: AuditEntry) -> ActivityEvent:
    return ActivityEvent.objects.select_related("activity__campaign").get(
        pk=entry.after["event"], activity_id=entry.object_id
    )


def on_activity_accept(entry: AuditEntry) -> None:
    event = _activity_event(entry)
    report_accepted(event.activity, event=event)


def on_activity_return(entry: AuditEntry) -> None:
    event = _activity_event(entry)
    report_returned(event.activity, entry.comment, event=event)


def on_activity_urge(entry: AuditEntry) -> None:
    event = _activity_event(entry)
    activity_urged(event.activity, event=event)


def on_notice_submit(entry: AuditEntry) -> None:
    event = _activity_event(entry)
    notice_submitted(event.activity, event=event)


def on_notice_return(entry: AuditEntry) -> None:
    event = _activity_event(entry)
    notice_returned(event.activity, entry.comment, event=event)


def on_plan_publish(entry: AuditEntry) -> None:
    campaign = Campaign.objects.select_related("region").get(pk=entry.object_id)
    plan_published(campaign, entry=entry)


# The domain's events people are told of: the audit actions its services record, each with its
# listener (subscribed in ``RemindersConfig.ready``).
LISTENERS: dict[str, Listener] = {
    "declaration.return": on_declaration_return,
    "activity.accept": on_activity_accept,
    "activity.return": on_activity_return,
    "plan.publish": on_plan_publish,
    "activity.urge": on_activity_urge,
    "activity.notice_submit": on_notice_submit,
    "activity.notice_return": on_notice_return,
}
