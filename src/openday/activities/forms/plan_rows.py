"""The form of one plan row (the plan rows pages): title, months, brief, forms and hosts.

It only parses what the office admin typed; the rules (months in order, a host of the region,
at least one host) are the services', and come back on the field they name.
"""

import re

from django import forms

from openday.activities.forms.fields import messages
from openday.activities.models import Activity
from openday.activities.services.plan import BRIEF_MAX, TITLE_MAX, HostInput, PlanRowEdit
from openday.campaigns.models import Campaign
from openday.core.forms import Form
from openday.orgs.enums import UnitGroup, UnitKind
from openday.orgs.models import Unit

MONTHS = [("", "未定")] + [(str(month), f"{month}月") for month in range(1, 13)]
_FORMS_SPLIT = re.compile(r"[\n、，,；;/／]+")


def _month(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=MONTHS,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": f"{label}应为 1 到 12 月。"},
    )


def host_key(unit_id: int | None, group: str) -> str:
    return f"group:{group}" if group else f"unit:{unit_id}"


class PlanRowForm(Form):
    field_order = ("title", "month_start", "month_end", "forms", "hosts", "brief")

    title = forms.CharField(
        label="活动主题", max_length=TITLE_MAX, error_messages=messages("活动主题", TITLE_MAX)
    )
    month_start = _month("开始月份")
    month_end = _month("结束月份")
    hosts = forms.MultipleChoiceField(
        label="责任单位",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选的责任单位不在本地区的单位名单中，请重新选择。"},
    )
    brief = forms.CharField(
        label="活动简介",
        required=False,
        max_length=BRIEF_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=messages("活动简介", BRIEF_MAX),
    )
    # Last: from here on the class body's ``forms`` is this field, not Django's module.
    forms = forms.CharField(
        label="活动形式",
        required=False,
        max_length=1000,
        error_messages=messages("活动形式", 1000),
    )

    def __init__(self, *args, campaign: Campaign, activity: Activity | None = None, **kwargs):
        if activity is not None:
            kwargs.setdefault("initial", self.initial_from(activity))
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        kept = {h.unit_id for h in activity.hosts.all() if h.unit_id} if activity else set()
        self.units = {
            unit.pk: unit
            for unit in Unit.objects.filter(region_id=campaign.region_id).order_by("kind", "name")
            if unit.is_active or unit.pk in kept
        }
        by_kind: dict[str, list] = {}
        for unit in self.units.values():
            by_kind.setdefault(unit.kind, []).append((host_key(unit.pk, ""), unit.name))
        groups = [(host_key(None, group), label) for group, label in UnitGroup.choices]
        self.fields["hosts"].choices = [
            *[(UnitKind(kind).label, choices) for kind, choices in by_kind.items()],
            ("单位组（代表该类全部单位）", groups),
        ]
        # Hosts keep their order (the lead host first); new ones follow in the list's order.
        self.order = (
            [host_key(h.unit_id, h.group) for h in activity.hosts.all()] if activity else []
        )
        self.order += [
            key for _label, choices in self.fields["hosts"].choices for key, _ in choices
        ]
        vocabulary = "、".join(campaign.forms.values_list("name", flat=True))
        self.fields["forms"].help_text = "多种形式用“、”分隔" + (
            f"；本年度的活动形式：{vocabulary}" if vocabulary else ""
        )

    @staticmethod
    def initial_from(activity: Activity) -> dict:
        return {
            "title": activity.title,
            "month_start": activity.month_start,
            "month_end": activity.month_end,
            "forms": "、".join(form.text for form in activity.forms.all()),
            "hosts": [host_key(h.unit_id, h.group) for h in activity.hosts.all()],
            "brief": activity.brief,
        }

    def clean_forms(self) -> list[str]:
        parts = (part.strip() for part in _FORMS_SPLIT.split(self.cleaned_data["forms"]))
        return list(dict.fromkeys(part for part in parts if part))

    def row(self) -> PlanRowEdit:
        """The service's input."""
        data = self.cleaned_data
        hosts = []
        for key in sorted(data["hosts"], key=self.order.index):
            kind, _, value = key.partition(":")
            if kind == "group":
                hosts.append(HostInput(text="", group=value))
            else:
                hosts.append(HostInput(text="", unit=self.units[int(value)]))
        return PlanRowEdit(
            title=data["title"],
            month_start=data["month_start"],
            month_end=data["month_end"],
            brief=data["brief"],
            forms=data["forms"],
            hosts=hosts,
        )
