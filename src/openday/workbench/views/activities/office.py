"""What the activity page shows of review, withdrawal, correction and 督办 (``corrections``):
the office's forms and links for what is open now, and the review state anyone reading the
activity sees. No view here: ``detail`` and ``corrections`` both render it."""

from dataclasses import dataclass, field

from django.urls import reverse

from openday.activities.enums import ActivityState, NoticeReview
from openday.activities.forms.actions import TransitionForm
from openday.activities.forms.corrections import (
    NoticeApproveForm,
    NoticeReturnForm,
    NoticeWithdrawForm,
    ReportWithdrawForm,
    UrgeForm,
)
from openday.activities.models import Activity
from openday.activities.permissions import is_office_admin
from openday.activities.selectors import ActivityMaterials
from openday.activities.services.corrections import PHOTO_STATES, URGE_CLOSED_STATES
from openday.campaigns.enums import CampaignPhase


@dataclass(frozen=True)
class OfficeLink:
    label: str
    hint: str
    url: str


@dataclass
class OfficePanel:
    """The office's forms (small posts) and links (pages) on the activity page."""

    forms: list[TransitionForm] = field(default_factory=list)
    links: list[OfficeLink] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.forms or self.links)


def _url(name: str, activity: Activity) -> str:
    return reverse(name, args=[activity.campaign.slug, activity.ref])


# Where each small form posts.
ACTION_URLS = {
    "notice_approve": "staff:activity-notice-approve",
    "notice_return": "staff:activity-notice-return",
    "notice_withdraw": "staff:activity-notice-withdraw",
    "withdraw": "staff:activity-report-withdraw",
    "urge": "staff:activity-urge",
}


def office_panel(
    scope, activity: Activity, materials: ActivityMaterials, failed: TransitionForm | None = None
) -> OfficePanel:
    """What the office may do now; a failed form is shown in place of its fresh one."""
    panel = OfficePanel()
    if not is_office_admin(scope, activity):
        return panel
    forms = []
    submission = materials.submission
    if submission is not None and submission.review == NoticeReview.SUBMITTED:
        forms += [NoticeApproveForm, NoticeReturnForm]
    notice = materials.notice
    if notice is not None and notice.withdrawn_at is None:
        forms.append(NoticeWithdrawForm)
        panel.links.append(
            OfficeLink(
                "更正活动预告",
                "修改已发布预告的文字，公开页面显示更正日期和修改内容。",
                _url("staff:activity-notice-correct", activity),
            )
        )
    if materials.report is not None and activity.state in PHOTO_STATES:
        panel.links.append(
            OfficeLink(
                "选择公开照片",
                "发布前选择在专栏展示的照片并填写照片说明。",
                _url("staff:activity-photos", activity),
            )
        )
    if activity.state == ActivityState.PUBLISHED:
        forms.append(ReportWithdrawForm)
        panel.links.append(
            OfficeLink(
                "更正活动报道",
                "修改已发布报道的文字，公开页面显示更正日期和修改内容。",
                _url("staff:activity-report-correct", activity),
            )
        )
    if activity.state not in URGE_CLOSED_STATES and activity.campaign.phase != CampaignPhase.CLOSED:
        forms.append(UrgeForm)
    for form_class in forms:
        form = failed if failed is not None and failed.action == form_class.action else None
        form = form or form_class(activity=activity)
        form.post_url = _url(ACTION_URLS[form.action], activity)
        panel.forms.append(form)
    return panel
