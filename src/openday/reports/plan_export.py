"""The campaign's plan table (计划表) in its official layout, as a format-neutral ``Table``."""

from collections.abc import Callable

from openday.activities.models import Activity
from openday.activities.selectors import plan_activities
from openday.campaigns.enums import PlanColumn
from openday.campaigns.models import Campaign
from openday.reports.tables import Align, Cell, Table

_JOIN = "、"
# The notices attach the plan table as 附件1 and the statistics table as 附件2.
PLAN_MARK = "附件1"

_CELLS: dict[str, Callable[[Activity], Cell]] = {
    PlanColumn.SEQ: lambda a: a.seq,
    PlanColumn.MONTH: lambda a: a.plan_time_label,
    PlanColumn.TITLE: lambda a: a.title,
    PlanColumn.FORMS: lambda a: _JOIN.join(form.text for form in a.forms.all()),
    PlanColumn.UNITS: lambda a: _JOIN.join(host.text for host in a.hosts.all()),
    PlanColumn.BRIEF: lambda a: a.brief,
}

# Relative widths: the theme carries the most text, then the brief, the hosts and the forms.
_WIDTHS: dict[str, float] = {
    PlanColumn.SEQ: 5,
    PlanColumn.MONTH: 8,
    PlanColumn.TITLE: 36,
    PlanColumn.FORMS: 16,
    PlanColumn.UNITS: 22,
    PlanColumn.BRIEF: 34,
}

_ALIGN: dict[str, Align] = {
    PlanColumn.SEQ: "center",
    PlanColumn.MONTH: "center",
    PlanColumn.TITLE: "left",
    PlanColumn.FORMS: "center",
    PlanColumn.UNITS: "center",
    PlanColumn.BRIEF: "left",
}


# What other provinces' tables carry beyond the campaign's columns, kept on each activity:
# (header, the activity's value). A column shows when any row has a value in it. (The venue
# is not among them: hosts set it when they schedule, and the plan table stays the plan.)
_DETAILS: list[tuple[str, Callable[[Activity], str]]] = [
    ("邀请对象", lambda a: a.invitees),
    ("拟参与人数", lambda a: a.expected_size),
    ("备注", lambda a: a.note),
]


def _detail_columns(activities: list[Activity]) -> list[tuple[str, Callable[[Activity], str]]]:
    """The detail columns any row fills, then the table's unknown columns by their words."""
    found = [(words, value) for words, value in _DETAILS if any(value(a) for a in activities)]
    extra = dict.fromkeys(key for a in activities for key in (a.extra_fields or {}))
    return found + [
        (words, lambda a, words=words: str((a.extra_fields or {}).get(words, "")))
        for words in extra
    ]


def plan_table(campaign: Campaign) -> Table:
    """One row per activity, the columns and header words in the campaign's own order, then
    the details the table carried beyond them (活动地点, 邀请对象 …)."""
    keys = [key for key, _words in campaign.columns]
    activities = list(plan_activities(campaign))
    details = _detail_columns(activities)
    rows = [
        [_CELLS[key](activity) for key in keys] + [value(activity) for _w, value in details]
        for activity in activities
    ]
    return Table(
        mark=PLAN_MARK,
        title=campaign.display_plan_title,
        header=[words for _key, words in campaign.columns] + [words for words, _v in details],
        rows=rows,
        merge_column=keys.index(PlanColumn.MONTH) if PlanColumn.MONTH in keys else None,
        column_widths=[_WIDTHS[key] for key in keys] + [16] * len(details),
        column_align=[_ALIGN[key] for key in keys] + ["left"] * len(details),
    )
