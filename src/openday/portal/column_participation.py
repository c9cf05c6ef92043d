"""What the public can take part in, for the column's "参与互动" section: the questionnaires
open or about to open, the activities whose online sign-up is open, and the campaign's
opinions page. Two queries, whatever the plan's size.

The column is cached per content version and day. Opening, closing or editing a
questionnaire and opening or closing sign-up bump the content version
(``campaign_content_changed`` in ``participation.services``); what moves by the clock alone
(a questionnaire's ``opens_at`` or ``closes_at``, a sign-up deadline) is not re-rendered the
moment it passes. So the section lists a questionnaire from the moment it is opened, with
its window ("…起开放", "…截止"), and each sign-up with its deadline; a link followed after
its window has passed leads to a page that says so ("该问卷已结束", "报名已截止").
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from openday.activities.models import Activity, ActivityNotice
from openday.campaigns.models import Campaign
from openday.participation.models import Questionnaire, QuestionnaireKind, QuestionnaireState
from openday.participation.selectors import SIGNUP_STATES


@dataclass(frozen=True)
class ColumnParticipation:
    questionnaires: list[Questionnaire] = field(default_factory=list)
    signups: list[Activity] = field(default_factory=list)
    opinions: bool = False  # the campaign's opinions page is linked


def open_signup_activities(campaign: Campaign, now: dt.datetime) -> QuerySet[Activity]:
    """Activities of ``campaign`` the public may sign up for at ``now`` (what
    ``signup_refusal`` allows, the campaign's phase aside), in plan order; with their
    settings, in one query."""
    public_notice = ActivityNotice.objects.filter(
        activity=OuterRef("pk"), withdrawn_at__isnull=True
    )
    return (
        Activity.objects.filter(
            campaign=campaign,
            state__in=SIGNUP_STATES,
            signup_settings__enabled=True,
            signup_settings__deadline__gte=now,
        )
        .filter(Exists(public_notice))
        .select_related("signup_settings")
        .order_by("seq", "part_no")
    )


def open_signup_activity_ids(campaign: Campaign, now: dt.datetime) -> set[int]:
    """The ids of the activities whose sign-up is open at ``now``: one query."""
    return set(open_signup_activities(campaign, now).values_list("pk", flat=True))


def listed_questionnaires(campaign: Campaign, now: dt.datetime) -> QuerySet[Questionnaire]:
    """Open questionnaires not yet past their window (those that open later included: the
    page is not re-rendered when they do), the satisfaction one left out (each published
    report links to it for its activity); those open now first."""
    return (
        Questionnaire.objects.filter(
            campaign=campaign, state=QuestionnaireState.OPEN, closes_at__gt=now
        )
        .exclude(kind=QuestionnaireKind.SATISFACTION)
        .order_by("opens_at", "id")
    )


def column_participation(campaign: Campaign, *, closed: bool, now: dt.datetime):
    """The section's content; nothing (and no query) for a closed year."""
    if closed:
        return ColumnParticipation()
    return ColumnParticipation(
        questionnaires=list(listed_questionnaires(campaign, now)),
        signups=list(open_signup_activities(campaign, now)),
        opinions=True,
    )
