"""E-mails to people who signed up (报名) and gave an address: job ``signup-day-before``, the
word that they moved up from the waiting list, and job ``public-emails`` that sends both.

- ``signup-day-before`` (报名活动前一天提醒): every day from 09:00. Each confirmed sign-up
  with an e-mail address, of an announced activity dated tomorrow, gets one reminder with the
  date, time, place, its code and party size. Occasion ``signup-day-before:{signup pk}:{date
  ISO}``: a postponed activity is reminded again the day before its new date, never twice for
  one date. A cancelled activity, a cancelled or waiting sign-up, or one whose personal data
  was purged gets nothing.
- ``signup-promoted`` (候补转正通知): when ``participation`` moves a sign-up up from the waiting
  list (audit action ``participation.signup_promote``, listened to from
  ``RemindersConfig.ready``), the person is told, if they gave an address. Occasion
  ``signup-promoted:{signup pk}``.
- ``public-emails`` (发送公众邮件): every run, sends what the two above recorded.

The public has no account, so these are ``PublicEmail`` rows (``reminders.public_emails``),
not notifications: the jobs record and send them and yield no notification drafts.
"""

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from openday.activities.enums import ActivityState
from openday.core.formats import date_label
from openday.core.models import AuditEntry
from openday.participation.enums import SignupState
from openday.participation.models import Signup
from openday.reminders.public_emails import PublicDraft, public_email_record, public_emails_send
from openday.reminders.services import Draft

SIGNUP_DAY_BEFORE_AT = dt.time(9, 0)


def _when(signup: Signup) -> str:
    activity = signup.activity
    when = date_label(activity.scheduled_on, weekday=True)
    if activity.start_time is not None:
        when += f" {activity.start_time:%H:%M}"
        if activity.end_time is not None:
            when += f"—{activity.end_time:%H:%M}"
    return when


def _lines(signup: Signup) -> list[str]:
    activity = signup.activity
    lines = [f"活动时间：{_when(signup)}"]
    if activity.venue:
        lines.append(f"活动地点：{activity.venue}")
    lines += [
        f"确认码：{signup.code}（现场签到时出示）",
        f"报名人数：{signup.party_size}人",
        "如不能参加，请通过报名成功时获得的取消链接取消报名，以便把名额留给候补的市民。",
    ]
    return lines


def _notice_link(signup: Signup) -> str:
    activity = signup.activity
    return reverse("portal:activity-notice", args=[activity.campaign.slug, activity.ref])


def _named(signup: Signup) -> str:
    return f"《{signup.activity.campaign.title}》“{signup.activity.title}”"


def day_before_signups(tomorrow: dt.date):
    """Confirmed sign-ups with an address, of announced activities dated ``tomorrow``."""
    return (
        Signup.objects.filter(
            activity__scheduled_on=tomorrow,
            activity__state=ActivityState.ANNOUNCED,
            state=SignupState.CONFIRMED,
            purged_at__isnull=True,
        )
        .exclude(email="")
        .select_related("activity__campaign")
        .order_by("activity_id", "id")
    )


def signup_day_before_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    """Record tomorrow's reminders; no notification drafts (see the module docstring)."""
    tomorrow = as_of.date() + dt.timedelta(days=1)
    for signup in day_before_signups(tomorrow):
        public_email_record(
            draft=PublicDraft(
                occasion=f"signup-day-before:{signup.pk}:{tomorrow.isoformat()}",
                address=signup.email,
                title=f"明天参加活动提醒：{signup.activity.title}",
                body="\n".join([f"您报名的{_named(signup)}将于明天举行。", *_lines(signup)]),
                link=_notice_link(signup),
                region_id=signup.activity.campaign.region_id,
            )
        )
    return iter(())


def signup_promoted(signup: Signup) -> None:
    """Tell the person their waiting-list sign-up is now confirmed, if they gave an address."""
    if not signup.email or signup.state != SignupState.CONFIRMED:
        return
    public_email_record(
        draft=PublicDraft(
            occasion=f"signup-promoted:{signup.pk}",
            address=signup.email,
            title=f"候补报名已转为正式报名：{signup.activity.title}",
            body="\n".join([f"您在{_named(signup)}的候补报名已转为正式报名。", *_lines(signup)]),
            link=_notice_link(signup),
            region_id=signup.activity.campaign.region_id,
        )
    )


def on_signup_promote(entry: AuditEntry) -> None:
    signup = Signup.objects.select_related("activity__campaign").filter(pk=entry.object_id).first()
    if signup is not None:
        signup_promoted(signup)


def public_emails_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    """Send the pending public e-mails (by the real clock); no notification drafts."""
    public_emails_send()
    return iter(())
