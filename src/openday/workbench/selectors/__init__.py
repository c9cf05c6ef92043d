"""Reads behind the staff pages of the workbench, one module per page or section:

- ``nav``: which sections and links the user's roles open (``roles_of``).
- ``counts``: what "running" means, and the activities by month and state table.
- ``todo_liaison``: the activities the liaison's units host, next step and deadlines first.
- ``todo_office``: for an office admin's regions, reports to review, overdue deadlines by unit,
  activities late without a date, declarations to review.
- ``todo_viewer``: per region of a superior viewer's subtree, how far the campaign has got.
- ``todo``: the to-do page (待办) assembled from the sections above (``todo_for``).

Every read takes the user or their ``Scope`` (``openday.core.scope``; memberships read once per
request) and ``today`` from the caller, applies the user's visibility in SQL and runs a fixed
number of queries whatever the size of the plan. The domain rules they show (the next step,
late without a date, overdue) live in ``activities``. Import from this package; the modules
are its layout.
"""

from openday.activities.steps import LIAISON_STEP_STATES, next_step
from openday.workbench.selectors.counts import (
    STATE_COLUMNS,
    CampaignMonths,
    MonthRow,
    counts_by_month,
    hosts_prefetch,
    running_activities,
)
from openday.workbench.selectors.nav import Roles, roles_of
from openday.workbench.selectors.todo import Todo, todo_for
from openday.workbench.selectors.todo_liaison import (
    LATE_UNSCHEDULED,
    LiaisonTodo,
    OpenDeadline,
    OpenDeclaration,
    TodoRow,
    liaison_activities,
    liaison_todo,
    open_declarations,
)
from openday.workbench.selectors.todo_office import (
    OfficeTodo,
    OverdueItem,
    UnitOverdue,
    declarations_to_review,
    office_activities,
    office_region_ids,
    office_todo,
    overdue_by_unit,
    reports_to_review,
    unscheduled_late_for_office,
)
from openday.workbench.selectors.todo_viewer import (
    HELD_OR_LATER,
    REPORTED_OR_LATER,
    Overview,
    RegionProgress,
    region_overview,
)

__all__ = [
    "HELD_OR_LATER",
    "LATE_UNSCHEDULED",
    "LIAISON_STEP_STATES",
    "REPORTED_OR_LATER",
    "STATE_COLUMNS",
    "CampaignMonths",
    "LiaisonTodo",
    "MonthRow",
    "OfficeTodo",
    "OpenDeadline",
    "OpenDeclaration",
    "OverdueItem",
    "Overview",
    "RegionProgress",
    "Roles",
    "Todo",
    "TodoRow",
    "UnitOverdue",
    "counts_by_month",
    "declarations_to_review",
    "hosts_prefetch",
    "liaison_activities",
    "liaison_todo",
    "next_step",
    "office_activities",
    "office_region_ids",
    "office_todo",
    "open_declarations",
    "overdue_by_unit",
    "region_overview",
    "reports_to_review",
    "roles_of",
    "running_activities",
    "todo_for",
    "unscheduled_late_for_office",
]
