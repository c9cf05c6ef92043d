"""Typical experiences (典型经验) in the workbench.

- ``activity_experience``: a published activity's recommendation: the county office recommends
  it with a short text (``experience_recommend``); whoever reads the whole region (the office,
  the viewers above) sees where it stands; a liaison gets 403.
- ``region_experiences``: the list a level's page shows (``experiences_for_region``): a county
  its own recommendations, a city those of its counties, a province those forwarded to it;
  the office of that level takes its steps there (withdraw; select and forward; accept or
  note). Viewers read it and never post (403).

The region is one the user may see and read whole (``access_region_whole``: 404 / 403); an
experience posted about must be one the page lists (else the form refuses it, 400).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.activities.enums import ActivityState
from openday.activities.permissions import access_activity, reads_whole_region
from openday.assessment.experiences import (
    LEVEL_STEPS,
    STEP_LABELS,
    acts_at,
    experience_conclude,
    experience_forward,
    experience_recommend,
    experience_select,
    experience_withdraw,
    experiences_for_region,
    live_experience,
)
from openday.assessment.models import EXPERIENCE_COMMENT_MAX, EXPERIENCE_TEXT_MAX
from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import Form, add_domain_error
from openday.workbench.views.comparison import access_region_whole


class RecommendForm(Form):
    # The length is the service's rule: its message names how long the text is.
    text = forms.CharField(
        label="推荐理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": EXPERIENCE_TEXT_MAX}),
        help_text=f"简要说明活动的特色和成效，{EXPERIENCE_TEXT_MAX} 字以内。",
    )


class StepForm(Form):
    step = forms.ChoiceField(
        label="办理事项", choices=[(key, label) for key, label in STEP_LABELS.items()]
    )
    experience = forms.IntegerField(label="典型经验", min_value=1, max_value=2**31 - 1)
    comment = forms.CharField(
        label="意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": EXPERIENCE_COMMENT_MAX}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_experience(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    activity = access_activity(request.scope, slug, seq)
    campaign = activity.campaign
    if not reads_whole_region(request.scope, campaign):
        raise PermissionDenied("典型经验由政务公开办推荐，单位联络员不能查看。")
    can_recommend = acts_at(request.scope, campaign.region)
    form = RecommendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_recommend:
            raise PermissionDenied(
                f"只有{campaign.region.name}政务公开办的管理员可以推荐典型经验。"
            )
        if form.is_valid():
            try:
                experience_recommend(
                    actor=request.user, activity=activity, text=form.cleaned_data["text"]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "已推荐为典型经验，等待市级公开办选用。")
                return redirect("staff:activity-detail", slug=campaign.slug, seq=activity.ref)
    return render(
        request,
        "workbench/experiences/activity.html",
        {
            "activity": activity,
            "campaign": campaign,
            "experience": live_experience(activity),
            "published": activity.state == ActivityState.PUBLISHED,
            "can_recommend": can_recommend,
            "form": form,
            "nav": "campaigns",
        },
        status=400 if request.method == "POST" else 200,
    )


def _take_step(request: HttpRequest, form: StepForm, listed) -> bool:
    """The step posted, on an experience the page lists; False with the form's errors."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    experience = listed.filter(pk=data["experience"]).first()
    if experience is None:
        form.add_error("experience", "没有找到该典型经验，请刷新页面后重试。")
        return False
    step, comment = data["step"], data["comment"]
    services = {
        "withdraw": lambda: experience_withdraw(actor=request.user, experience=experience),
        "select": lambda: experience_select(
            actor=request.user, experience=experience, comment=comment
        ),
        "forward": lambda: experience_forward(actor=request.user, experience=experience),
        "accept": lambda: experience_conclude(
            actor=request.user, experience=experience, outcome="accepted", comment=comment
        ),
        "note": lambda: experience_conclude(
            actor=request.user, experience=experience, outcome="noted", comment=comment
        ),
    }
    if step not in services:
        form.add_error("step", "该事项不能在此办理。")
        return False
    try:
        services[step]()
    except PermissionDenied:
        raise
    except DomainError as error:
        add_domain_error(form, error)
        return False
    messages.success(request, f"“{experience.activity.title}”已{STEP_LABELS[step]}。")
    return True


@login_required
@require_http_methods(["GET", "POST"])
def region_experiences(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_whole(request.scope, region_slug)
    is_office = acts_at(request.scope, region)
    listed = experiences_for_region(region)
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not is_office:
            raise PermissionDenied(f"只有{region.name}政务公开办的管理员可以办理典型经验。")
        if _take_step(request, form, listed):
            return redirect("staff:region-experiences", region_slug=region.slug)
    steps = LEVEL_STEPS.get(region.level, {}) if is_office else {}
    rows = [
        (experience, [(step, STEP_LABELS[step]) for step in steps.get(experience.state, ())])
        for experience in listed
    ]
    return render(
        request,
        "workbench/experiences/region.html",
        {
            "region": region,
            "rows": rows,
            "form": form,
            "is_office": is_office,
            "comment_max": EXPERIENCE_COMMENT_MAX,
            "nav": "todo",
        },
        status=400 if request.method == "POST" else 200,
    )
