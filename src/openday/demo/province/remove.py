"""Removing a generated province, one table at a time (``openday generate-province --replace``)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityEvent,
    ActivityFiling,
    ActivityForm,
    ActivityHost,
    ActivityNotice,
    ActivityReport,
    MediaReport,
    ReportAttendance,
    ReportPhoto,
)
from openday.campaigns.models import Campaign, CampaignForm, CampaignRules
from openday.core.models import AuditEntry
from openday.declarations.models import Declaration, DeclarationItem, DeclarationWindow
from openday.demo.province.shape import (
    questionnaire_models,
)
from openday.orgs.enums import RegionLevel
from openday.orgs.models import Membership, Office, Region, Unit
from openday.participation.models import Opinion, OpinionReply, Signup, SignupSettings
from openday.reminders.models import Delivery, Notification, OfficeNotificationSettings

# --- Removing a province ----------------------------------------------------------------------


def province_remove(slug: str) -> int:
    """Delete the province ``slug`` with everything under it and its people, leaves first,
    one DELETE per table (Django's cascade would read every row first). Returns the rows."""
    province = Region.objects.get(slug=slug)
    under = {"path__startswith": province.path}
    regions = Region.objects.filter(**under)
    campaigns = Campaign.objects.filter(region__in=regions)
    activities = Activity.objects.filter(campaign__in=campaigns)
    reports = ActivityReport.objects.filter(activity__in=activities)
    opinions = Opinion.objects.filter(campaign__in=campaigns)
    users = get_user_model().objects.filter(username__startswith=f"{slug}-")
    notifications = Notification.objects.filter(recipient__in=users)
    declarations = Declaration.objects.filter(campaign__in=campaigns)
    steps = []
    questionnaire = questionnaire_models()
    if questionnaire:
        questionnaires = questionnaire["Questionnaire"].objects.filter(campaign__in=campaigns)
        questions = questionnaire["Question"].objects.filter(questionnaire__in=questionnaires)
        answers = questionnaire["QuestionnaireAnswer"].objects.filter(
            questionnaire__in=questionnaires
        )
        steps += [
            questionnaire["AnswerItem"].objects.filter(answer__in=answers),
            answers,
            questionnaire["Choice"].objects.filter(question__in=questions),
            questions,
            questionnaires,
        ]
    steps += [
        OpinionReply.objects.filter(opinion__in=opinions),
        opinions,
        Signup.objects.filter(activity__in=activities),
        SignupSettings.objects.filter(activity__in=activities),
        Delivery.objects.filter(notification__in=notifications),
        notifications,
        AuditEntry.objects.filter(region__in=regions),
        ReportAttendance.objects.filter(report__in=reports),
        MediaReport.objects.filter(report__in=reports),
        ReportPhoto.objects.filter(report__in=reports),
        reports,
        ActivityNotice.objects.filter(activity__in=activities),
        ActivityFiling.objects.filter(activity__in=activities),
        ActivityDeadline.objects.filter(activity__in=activities),
        ActivityEvent.objects.filter(activity__in=activities),
        ActivityForm.objects.filter(activity__in=activities),
        ActivityHost.objects.filter(activity__in=activities),
        activities.filter(lead__isnull=False),
        activities,
        DeclarationItem.objects.filter(declaration__in=declarations),
        declarations,
        DeclarationWindow.objects.filter(campaign__in=campaigns),
        CampaignForm.objects.filter(campaign__in=campaigns),
        CampaignRules.objects.filter(campaign__in=campaigns),
        campaigns,
        Membership.objects.filter(region__in=regions),
        users,
        Unit.objects.filter(region__in=regions),
        OfficeNotificationSettings.objects.filter(office__region__in=regions),
        Office.objects.filter(region__in=regions),
    ]
    removed = 0
    with transaction.atomic():
        for queryset in steps:
            removed += _raw_delete(queryset)
        for level in (RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE):
            removed += _raw_delete(regions.filter(level=level))
    return removed


def _raw_delete(queryset) -> int:
    # One DELETE … WHERE … statement: the tables pointing at these rows were emptied before.
    return queryset._raw_delete(queryset.db)
