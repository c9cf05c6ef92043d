"""A campaign's assessment (考核): each unit's score with every point explained, the ranking,
the weights, and the .xlsx (``?format=xlsx``).

The campaign is reached through ``access_campaign`` (404 outside the user's regions). The
office and the superior viewers read it (a liaison gets 403); the region's office admin sets
the weights (``assessment_set_weights``: all or nothing, audited). A closed year shows its
frozen scores and its weights no longer change.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openday.activities.permissions import reads_whole_region
from openday.assessment.enums import Criterion
from openday.assessment.models import (
    REPLY_DAYS_MAX,
    REPLY_DAYS_MIN,
    WEIGHT_FIELDS,
    WEIGHT_MAX,
)
from openday.assessment.scoring import Assessment, has_rule, weights_of
from openday.assessment.selectors import campaign_assessment
from openday.assessment.services import assessment_set_weights
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.permissions import access_campaign, can_manage_campaign
from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import Form, add_domain_error
from openday.core.http import XLSX, download
from openday.reports.dashboard_export import rows_xlsx


class WeightsForm(Form):
    reply_days = forms.IntegerField(
        label="留言回应期限（工作日）", min_value=REPLY_DAYS_MIN, max_value=REPLY_DAYS_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One field per criterion, in the criteria's order, before the reply deadline.
        fields = {
            WEIGHT_FIELDS[key.value]: forms.IntegerField(
                label=f"{key.label}权重", min_value=0, max_value=WEIGHT_MAX
            )
            for key in Criterion
        }
        self.fields = {**fields, "reply_days": self.fields["reply_days"]}

    def weights(self) -> dict[str, int]:
        return {key: self.cleaned_data[name] for key, name in WEIGHT_FIELDS.items()}


def assessment_rows(result: Assessment) -> tuple[list[str], list[list]]:
    """The ranking as the .xlsx lays it out: rank, unit, score, each criterion's points, and
    every reason."""
    header = [
        "排名",
        "单位",
        "得分",
        *(f"{key.label}（{result.weights.get(key.value, 0)}）" for key in Criterion),
        "得分说明",
    ]
    rows = []
    for unit in result.units:
        if unit.assessed:
            points = [criterion.points for criterion in unit.criteria]
            words = "\n".join(
                criterion.explained() for criterion in unit.criteria if criterion.weight
            )
        else:
            points = [""] * len(unit.criteria)
            words = "本单位的活动均已取消或尚未到期"
        rows.append([unit.rank or "", unit.name, unit.score_label, *points, words])
    return header, rows


@login_required
@require_http_methods(["GET", "POST"])
def campaign_assessment_view(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    if not reads_whole_region(request.scope, campaign):
        raise PermissionDenied("考核结果仅公开办和上级公开办可以查看。")
    can_edit = can_manage_campaign(request.scope, campaign)
    weights = weights_of(campaign)
    initial = {WEIGHT_FIELDS[k]: v for k, v in weights.weights.items()}
    form = WeightsForm(
        request.POST if request.method == "POST" else None,
        initial={**initial, "reply_days": weights.reply_days},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有本地区政务公开办的管理员可以设置考核权重。")
        if form.is_valid():
            try:
                assessment_set_weights(
                    actor=request.user,
                    campaign=campaign,
                    weights=form.weights(),
                    reply_days=form.cleaned_data["reply_days"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "考核权重已保存，得分已按新权重重新计算。")
                return redirect("staff:campaign-assessment", slug=campaign.slug)
    result = campaign_assessment(campaign, today=timezone.localdate())
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        header, rows = assessment_rows(result)
        return download(
            rows_xlsx(
                f"{result.title}得分表",
                header,
                rows,
                widths=[6, 22, 8, *([9] * len(Criterion)), 60],
                subtitle=f"考核截至{result.as_of:%Y-%m-%d}"
                + ("（已冻结）" if result.frozen else ""),
            ),
            content_type=XLSX,
            filename=f"{result.title}得分表.xlsx",
            fallback=f"{campaign.slug}-assessment.xlsx",
        )
    ruled = has_rule(campaign)
    return render(
        request,
        "workbench/assessment.html",
        {
            "campaign": campaign,
            "result": result,
            "form": form,
            "weights_stored": weights.stored,
            "no_rule": [key.label for key in Criterion if not ruled[key]],
            "weight_rows": [(key.label, result.weights.get(key.value, 0)) for key in Criterion],
            "can_edit": can_edit and campaign.phase != CampaignPhase.CLOSED,
            "nav": "campaigns",
        },
        status=400 if request.method == "POST" else 200,
    )
