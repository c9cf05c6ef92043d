"""Named reads of participation: sign-up counts and lists, checked-in people by group,
opinions for the public and the staff, reply counts per unit and per activity.

Counts are SQL aggregates; lists come with their joins done.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from openday.activities.enums import ActivityState, ReportGroup
from openday.activities.models import Activity, ActivityNotice, ref_lookup
from openday.activities.selectors import NOTICE_PUBLIC_STATES
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.orgs.selectors import office_name
from openday.participation.enums import OpinionState, SignupState
from openday.participation.models import (
    DEFAULT_RETENTION_DAYS,
    Opinion,
    OpinionReply,
    QuestionnaireAnswer,
    RetentionSetting,
    Signup,
    SignupSettings,
)

# Sign-up is taken only while the activity's notice is public and it has not happened yet.
SIGNUP_STATES = (ActivityState.ANNOUNCED,)
# Check-in happens on the day: before and right after the host marks it held.
CHECK_IN_STATES = (ActivityState.ANNOUNCED, ActivityState.HELD)
# Opinions on an activity are taken while something of it is public.
OPINION_STATES = (*NOTICE_PUBLIC_STATES,)


def signup_settings_of(activity: Activity) -> SignupSettings | None:
    return SignupSettings.objects.filter(activity=activity).first()


@dataclass(frozen=True)
class SignupCounts:
    confirmed: int = 0  # people (each sign-up counts its party)
    waitlisted: int = 0
    signups: int = 0  # live sign-ups (confirmed or waiting)
    checked_in: int = 0


def signup_counts(activity: Activity) -> SignupCounts:
    row = Signup.objects.filter(activity=activity).aggregate(
        confirmed=Coalesce(Sum("party_size", filter=Q(state=SignupState.CONFIRMED)), 0),
        waitlisted=Coalesce(Sum("party_size", filter=Q(state=SignupState.WAITLISTED)), 0),
        signups=Count("id", filter=~Q(state=SignupState.CANCELLED)),
        checked_in=Coalesce(
            Sum(
                "party_size",
                filter=Q(state=SignupState.CONFIRMED, checked_in_at__isnull=False),
            ),
            0,
        ),
    )
    return SignupCounts(**row)


def has_public_notice(activity: Activity) -> bool:
    return ActivityNotice.objects.filter(activity=activity, withdrawn_at__isnull=True).exists()


def signup_refusal(activity: Activity, settings: SignupSettings | None, now: dt.datetime) -> str:
    """Why the public cannot sign up for ``activity`` right now, or "" when it can."""
    if settings is None or not settings.enabled:
        return "本活动未开放在线报名，报名方式请见活动预告。"
    if activity.campaign.phase == CampaignPhase.CLOSED:
        return "本年度活动已结束，不再接受报名。"
    if activity.state not in SIGNUP_STATES or not has_public_notice(activity):
        return "本活动当前不接受报名（活动已举办、延期、取消或预告未发布）。"
    if now > settings.deadline:
        return "报名已截止。"
    return ""


def signup_list(activity: Activity) -> QuerySet[Signup]:
    """Every sign-up of the activity, live ones first (confirmed, waiting), in order."""
    return Signup.objects.filter(activity=activity).order_by("created_at", "id")


def checked_in_by_group(activity: Activity) -> dict[str, int]:
    """People checked in at the door, by group, in ``ReportGroup``'s order (0 where none):
    the numbers the report's headcount by group can take."""
    counts = dict(
        Signup.objects.filter(
            activity=activity, state=SignupState.CONFIRMED, checked_in_at__isnull=False
        )
        .order_by()
        .values("group")
        .annotate(people=Sum("party_size"))
        .values_list("group", "people")
    )
    return {group: counts.get(group, 0) for group in ReportGroup.values}


# --- opinions -------------------------------------------------------------------------------


def public_opinions(campaign: Campaign, activity: Activity | None = None) -> QuerySet[Opinion]:
    """Published opinions with their replies, newest first: of the activity, or of the
    campaign as a whole (``activity`` None: those not about one activity)."""
    opinions = Opinion.objects.filter(campaign=campaign, state=OpinionState.PUBLISHED)
    opinions = (
        opinions.filter(activity=activity)
        if activity is not None
        else opinions.filter(activity__isnull=True)
    )
    return (
        opinions.select_related("reply")
        .only(
            "id",
            "text",
            "created_at",
            "published_at",
            "reply__text",
            "reply__responder",
            "reply__published_at",
        )
        .order_by("-published_at", "-id")
    )


def opinion_refusal(campaign: Campaign, activity: Activity | None) -> str:
    """Why an opinion cannot be posted here now, or ""."""
    if campaign.phase == CampaignPhase.CLOSED:
        return "本年度活动已结束，不再征集意见。"
    if activity is not None:
        public = activity.state == ActivityState.PUBLISHED or (
            activity.state in OPINION_STATES and has_public_notice(activity)
        )
        if not public:
            return "本活动尚未公开，暂不接受留言。"
    return ""


def opinion_queue(opinions: QuerySet[Opinion], state: str = "") -> QuerySet[Opinion]:
    """``opinions`` (already limited to what the user may read) for the moderation list:
    pending first, with the activity and the reply joined."""
    if state:
        opinions = opinions.filter(state=state)
    return opinions.select_related("activity", "reply", "duplicate_of").order_by(
        "-created_at", "-id"
    )


def opinion_state_counts(opinions: QuerySet[Opinion]) -> dict[str, int]:
    counts = dict(
        opinions.order_by().values("state").annotate(n=Count("id")).values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in OpinionState.values}


@dataclass(frozen=True)
class ActivityParticipation:
    activity: Activity
    signup_enabled: bool
    confirmed: int
    waitlisted: int
    opinions: int
    pending: int
    replies: int


def refs_q(refs: Iterable[str] | None, prefix: str = "") -> Q:
    """The activities named by ``refs`` ("23", "23-2"); None: every one."""
    if refs is None:
        return Q()
    found = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    for ref in refs:
        found |= Q(**ref_lookup(ref, prefix))
    return found


def participation_by_activity(
    campaign: Campaign, refs: Iterable[str] | None = None
) -> list[ActivityParticipation]:
    """Each activity of the campaign (those ``refs`` name; None: all) that has sign-ups set
    up or any opinion: its people signed up and waiting, its opinions, those pending and
    those replied. Two queries."""
    activities = Activity.objects.filter(campaign=campaign).filter(refs_q(refs))
    rows = (
        activities.annotate(
            opinion_count=Count("opinions", distinct=True),
            pending=Count(
                "opinions", filter=Q(opinions__state=OpinionState.PENDING), distinct=True
            ),
            replies=Count("opinions__reply", distinct=True),
            signup_enabled=Coalesce("signup_settings__enabled", False),
        )
        .filter(Q(signup_settings__isnull=False) | Q(opinion_count__gt=0))
        .only("id", "seq", "part_no", "title", "state", "campaign_id")
        .order_by("seq")
    )
    # Sums over sign-ups beside counts over opinions in one query would multiply each other:
    # the people are summed in a second query.
    result = []
    signup_sums = _signup_sums(campaign, refs)
    for activity in rows:
        confirmed, waitlisted = signup_sums.get(activity.pk, (0, 0))
        result.append(
            ActivityParticipation(
                activity=activity,
                signup_enabled=bool(activity.signup_enabled),
                confirmed=confirmed,
                waitlisted=waitlisted,
                opinions=activity.opinion_count,
                pending=activity.pending,
                replies=activity.replies,
            )
        )
    return result


def _signup_sums(campaign: Campaign, refs: Iterable[str] | None) -> dict[int, tuple[int, int]]:
    signups = Signup.objects.filter(activity__campaign=campaign).filter(refs_q(refs, "activity__"))
    return {
        row["activity_id"]: (row["confirmed"], row["waitlisted"])
        for row in signups.order_by()
        .values("activity_id")
        .annotate(
            confirmed=Coalesce(Sum("party_size", filter=Q(state=SignupState.CONFIRMED)), 0),
            waitlisted=Coalesce(Sum("party_size", filter=Q(state=SignupState.WAITLISTED)), 0),
        )
    }


def reply_counts_by_unit(campaign: Campaign, opinions: QuerySet[Opinion]) -> list[tuple[str, int]]:
    """Replies given to ``opinions`` (already limited to what the user reads), by who gave
    them: each unit by name, the office under its own name; most first."""
    rows = (
        OpinionReply.objects.filter(opinion__in=opinions)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"))
    )
    office = office_name(campaign.region)
    counts = [(row["unit__name"] or office, row["n"]) for row in rows]
    return sorted(counts, key=lambda item: (-item[1], item[0]))


def retention_days(campaign: Campaign) -> int:
    setting = RetentionSetting.objects.filter(campaign=campaign).first()
    return setting.days_after_close if setting else DEFAULT_RETENTION_DAYS


# --- questionnaires (the rest of their reads: ``questionnaires_selectors``) ---------------------


@dataclass(frozen=True)
class AnswerCounts:
    total: int
    campaign_wide: int  # answers to questionnaires about no activity
    by_activity: dict[int, int]  # activity pk → answers about it (satisfaction included)
    by_unit: dict[int, int]  # unit pk → answers about the activities it hosts


def answer_counts(campaign: Campaign) -> AnswerCounts:
    """Answers to the campaign's questionnaires, per activity and per host unit (an activity
    hosted by several units counts for each). Two queries."""
    answers = QuestionnaireAnswer.objects.filter(questionnaire__campaign=campaign)
    by_activity = {
        (activity_id or 0): n
        for activity_id, n in answers.order_by()
        .values("activity_id")
        .annotate(n=Count("id"))
        .values_list("activity_id", "n")
    }
    campaign_wide = by_activity.pop(0, 0)
    by_unit = dict(
        answers.filter(activity__hosts__unit__isnull=False)
        .order_by()
        .values("activity__hosts__unit")
        .annotate(n=Count("id", distinct=True))
        .values_list("activity__hosts__unit", "n")
    )
    return AnswerCounts(
        total=campaign_wide + sum(by_activity.values()),
        campaign_wide=campaign_wide,
        by_activity=by_activity,
        by_unit=by_unit,
    )


def answers_by_activity(activity_ids) -> dict[int, int]:
    """Answers about each of ``activity_ids`` (one query): what a report and 附件2 cite."""
    return dict(
        QuestionnaireAnswer.objects.filter(activity_id__in=activity_ids)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("id"))
        .values_list("activity_id", "n")
    )


def answers_for_activity(activity: Activity) -> int:
    """Answers about ``activity``: to its own questionnaires and its satisfaction ratings."""
    return QuestionnaireAnswer.objects.filter(activity=activity).count()
