"""The deadline reminders, jobs ``deadline-soon`` and ``deadline-missed``.

- ``deadline-soon`` (临近截止提醒): every day from 08:00. An open deadline due today or at most
  the campaign's ``remind_before_workdays`` working days after today (with 2, a Monday
  deadline is reminded from Thursday) goes to the liaisons of the activity's hosts. Occasion
  ``deadline-soon:{deadline pk}:{due_on ISO}``: a moved deadline is reminded again, the same
  date never twice.
- ``deadline-missed`` (逾期提醒): on working days from 08:00, for open deadlines past their
  date. Each liaison of the hosts gets one notice per deadline, occasion
  ``deadline-missed:{deadline pk}:{due_on ISO}``; the office admins get the day's digest
  instead (``jobs.digests``).

What is reminded: the not yet met deadlines (``done_on`` empty) of activities in running
campaigns. Never those of a cancelled activity. A postponed activity's deadlines are
recomputed by ``deadlines.refresh`` (its filing reopened), so they are reminded at their new
dates. Before the date a filing deadline is reminded only while the plan can still be filed
(scheduled or postponed), not when the activity was announced or held without one. Missed is
what ``deadlines.status`` calls overdue: a provisional date (resting on an unpublished holiday
arrangement) is never declared missed, while its reminder before the date says it may move.

The queries grow with the regions, not the deadlines: the deadlines come with their activity,
campaign, rules and hosts; the hosts' liaisons and the occasions already recorded are one
query each; ``notification_record`` then inserts what is new.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Q

from openday.activities.enums import DeadlineKind
from openday.activities.lifecycle import TRANSITIONS
from openday.activities.models import ActivityDeadline
from openday.activities.selectors import open_deadlines, overdue_deadlines
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import REMIND_BEFORE_MAX, Campaign, CampaignRules
from openday.core.formats import date_label, month_day_label
from openday.reminders.jobs.digests import overdue_digests
from openday.reminders.models import Notification
from openday.reminders.recipients import host_memberships_by_activity
from openday.reminders.services import Draft, draft_title
from openday.reminders.wording import activity_link, activity_named
from openday.workdays.calendar import WorkdayCalendar

DEADLINE_SOON_AT = dt.time(8, 0)
DEADLINE_MISSED_AT = dt.time(8, 0)

# States from which the plan can still be filed (scheduled, postponed).
FILABLE_STATES = frozenset(frm for (frm, _to), action in TRANSITIONS.items() if action == "file")
DEFAULT_REMIND_BEFORE = CampaignRules._meta.get_field("remind_before_workdays").default


# --- Wording ---------------------------------------------------------------------------------


# What the hosts do to meet each kind of deadline, after "请在截止前" or "请尽快".
_TO_DO = {
    DeadlineKind.FILING: "报备具体活动方案（写明分管领导、责任科室和具体负责人）",
    DeadlineKind.HOLD: "在系统中确认活动已开展（未能如期开展的，办理延期或取消）",
    DeadlineKind.REPORT: "报送活动情况、现场照片等活动资料",
    DeadlineKind.PUBLICITY: "完成宣传报道，并在系统中登记媒体报道",
}
# The base date of each kind, as the activity stands to it.
_BASE = {
    DeadlineKind.FILING: "定于{date}开展",
    DeadlineKind.HOLD: "定于{date}开展",
    DeadlineKind.REPORT: "于{date}开展",
    DeadlineKind.PUBLICITY: "于{date}开展",
}
PROVISIONAL_NOTE = "注：该截止日期依据未公布的节假日安排推算，安排公布后可能调整。"


def _about(deadline: ActivityDeadline) -> str:
    base = _BASE[deadline.kind].format(date=date_label(deadline.base_date))
    return f"{activity_named(deadline.activity)}（{base}）的{deadline.get_kind_display()}"


# --- Which deadlines, and to whom ----------------------------------------------------------


def running_open_deadlines():
    """Deadlines not yet met of activities in running campaigns, cancelled ones left out, with
    what the wording and the recipients need."""
    return (
        open_deadlines()
        .filter(activity__campaign__phase=CampaignPhase.RUNNING)
        .select_related("activity__campaign__region", "activity__campaign__rules")
        .prefetch_related("activity__hosts")
        .order_by("due_on", "activity__campaign_id", "activity__seq", "kind")
    )


def remind_before(campaign: Campaign) -> int:
    rules = getattr(campaign, "rules", None)
    return DEFAULT_REMIND_BEFORE if rules is None else rules.remind_before_workdays


def _recorded(occasions: Iterable[str]) -> set[tuple[int, str]]:
    """(recipient pk, occasion) pairs already recorded among ``occasions``."""
    return set(
        Notification.objects.filter(occasion__in=set(occasions)).values_list(
            "recipient_id", "occasion"
        )
    )


def _liaison_drafts(
    deadlines: list[ActivityDeadline],
    occasion: Callable[[ActivityDeadline], str],
    words: Callable[[ActivityDeadline], tuple[str, str]],
) -> Iterator[Draft]:
    """One draft per active liaison of each deadline's hosts, unless already recorded."""
    memberships = host_memberships_by_activity([d.activity for d in deadlines])
    occasions = {d.pk: occasion(d) for d in deadlines}
    recorded = _recorded(occasions.values())
    for deadline in deadlines:
        key = occasions[deadline.pk]
        users = {m.user.pk: m.user for m in memberships[deadline.activity.pk] if m.user.is_active}
        waiting = [users[pk] for pk in sorted(users) if (pk, key) not in recorded]
        if not waiting:
            continue
        title, body = words(deadline)
        for user in waiting:
            yield Draft(
                recipient=user,
                occasion=key,
                title=title,
                body=body,
                link=activity_link(deadline.activity),
                item_type="activities.activity",
                item_id=deadline.activity.pk,
                region_id=deadline.activity.campaign.region_id,
            )


def _soon_occasion(deadline: ActivityDeadline) -> str:
    return f"deadline-soon:{deadline.pk}:{deadline.due_on.isoformat()}"


def deadline_soon_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    today = as_of.date()
    calendar = WorkdayCalendar()
    # Past the longest lead any campaign may set; each campaign's own lead is checked below.
    horizon = calendar.add_workdays(today, REMIND_BEFORE_MAX + 1).date
    candidates = list(
        running_open_deadlines()
        .filter(due_on__gte=today, due_on__lt=horizon)
        .filter(~Q(kind=DeadlineKind.FILING) | Q(activity__state__in=FILABLE_STATES))
        # Confirming it was held is reminded from the day of the activity, not before it.
        .filter(~Q(kind=DeadlineKind.HOLD) | Q(base_date__lte=today))
    )
    left: dict[int, int] = {}
    for deadline in candidates:
        count = calendar.workdays_between(today, deadline.due_on).count
        if count <= remind_before(deadline.activity.campaign):
            left[deadline.pk] = count
    due = [d for d in candidates if d.pk in left]

    def words(deadline: ActivityDeadline) -> tuple[str, str]:
        kind = deadline.get_kind_display()
        title = draft_title(
            f"{kind}即将到期：",
            deadline.activity.title,
            f"（{month_day_label(deadline.due_on)}截止）",
        )
        if deadline.due_on == today:
            when = "今天截止"
        elif left[deadline.pk]:
            when = f"距截止还有{left[deadline.pk]}个工作日"
        else:
            when = "截止前已没有工作日"
        lines = [
            f"{_about(deadline)}将于{date_label(deadline.due_on)}截止，{when}。",
            f"请在截止前{_TO_DO[deadline.kind]}。",
        ]
        if deadline.provisional:
            lines.append(PROVISIONAL_NOTE)
        return title, "\n".join(lines)

    yield from _liaison_drafts(due, _soon_occasion, words)


def _missed_occasion(deadline: ActivityDeadline) -> str:
    return f"deadline-missed:{deadline.pk}:{deadline.due_on.isoformat()}"


def deadline_missed_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    today = as_of.date()
    missed = list(overdue_deadlines(today, running_open_deadlines()))

    def words(deadline: ActivityDeadline) -> tuple[str, str]:
        kind = deadline.get_kind_display()
        region = deadline.activity.campaign.region
        title = draft_title(
            f"{kind}已逾期：",
            deadline.activity.title,
            f"（{month_day_label(deadline.due_on)}截止）",
        )
        days = (today - deadline.due_on).days
        lines = [
            f"{_about(deadline)}已于{date_label(deadline.due_on)}截止，至今尚未完成，已逾期{days}天。",
            f"请尽快{_TO_DO[deadline.kind]}；确实无法完成的，请向{region.name}政务公开办说明情况。",
        ]
        return title, "\n".join(lines)

    yield from _liaison_drafts(missed, _missed_occasion, words)
    yield from overdue_digests(missed, today)
