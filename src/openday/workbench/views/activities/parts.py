"""Joint rows on the activity page (联合开展): the row's parts, or the part's row, and the
choice of a part between being held with the lead and on its own (``part_set_with_lead``)."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from openday.activities.enums import JointRole
from openday.activities.models import Activity
from openday.activities.permissions import access_activity, can_read, can_set_part_mode
from openday.activities.selectors import PartLine, part_lines, parts_prefetch
from openday.activities.services.parts import part_set_with_lead
from openday.core import forms as core_forms
from openday.core.errors import DomainError, PermissionDenied
from openday.core.scope import Scope

MODE_CHOICES = [
    ("own", "单独开展（本单位自行报备、开展、报送材料）"),
    ("lead", "随牵头单位一同开展"),
]


class PartModeForm(core_forms.Form):
    mode = forms.ChoiceField(label="开展方式", choices=MODE_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label="说明", required=False, max_length=500)


@dataclass
class JointPanel:
    """What the activity page says of a joint row or of one of its parts."""

    activity: Activity
    lines: list[PartLine] = field(default_factory=list)
    lead: Activity | None = None
    lead_readable: bool = False
    form: PartModeForm | None = None

    @property
    def held(self) -> int:
        return sum(line.held for line in self.lines)

    @property
    def leadless(self) -> bool:
        return self.activity.joint == JointRole.SHARED


def joint_panel(scope: Scope, activity: Activity, form: PartModeForm | None = None):
    """The panel, or None for an activity that is neither a joint row nor a part."""
    if activity.is_part:
        lead = activity.lead
        may_switch = (
            activity.campaign.phase != "closed"
            and lead.joint == JointRole.LED
            and can_set_part_mode(scope, activity)
        )
        initial = {"mode": "lead" if activity.with_lead else "own"}
        return JointPanel(
            activity=activity,
            lead=lead,
            lead_readable=can_read(scope, lead),
            form=(form or PartModeForm(initial=initial)) if may_switch else None,
        )
    if not activity.joint:
        return None
    prefetch_related_objects([activity], parts_prefetch())
    return JointPanel(activity=activity, lines=part_lines(activity))


@require_POST
@login_required
def part_mode(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    """The part's choice: held with its lead, or on its own. Refusals come back as messages:
    the form has two fields and the page is the activity's."""
    activity = access_activity(request.scope, slug, seq)
    if not can_set_part_mode(request.scope, activity):
        raise PermissionDenied("只有本地区政务公开办或该分项的责任单位可以修改开展方式。")
    form = PartModeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择开展方式；说明不超过 500 个字。")
        return redirect("staff:activity-detail", slug=slug, seq=activity.ref)
    with_lead = form.cleaned_data["mode"] == "lead"
    try:
        part_set_with_lead(
            actor=request.user,
            part=activity,
            with_lead=with_lead,
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "已改为随牵头单位一同开展：由牵头单位报送材料。"
            if with_lead
            else "已改为单独开展：请确定活动日期并按期报备、报送材料。",
        )
    return redirect("staff:activity-detail", slug=slug, seq=activity.ref)
