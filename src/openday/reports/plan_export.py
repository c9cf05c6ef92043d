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
    PlanColumn.MONTH: lambda a: a.month_label,
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


def plan_table(campaign: Campaign) -> Table:
    """One row per activity, the columns and header words in the campaign's own order."""
    keys = [key for key, _words in campaign.columns]
    rows = [[_CELLS[key](activity) for key in keys] for activity in plan_activities(campaign)]
    return Table(
        mark=PLAN_MARK,
        title=campaign.display_plan_title,
        header=[words for _key, words in campaign.columns],
        rows=rows,
        merge_column=keys.index(PlanColumn.MONTH) if PlanColumn.MONTH in keys else None,
        column_widths=[_WIDTHS[key] for key in keys],
        column_align=[_ALIGN[key] for key in keys],
    )
