"""The next step of an activity: what its host unit's liaison has to do next, if anything.

The lifecycle table (``lifecycle.TRANSITIONS``) says which actions are open from a state and
``permissions.LIAISON_ACTIONS`` which of them are the liaison's; the campaign's rules and the
date decide between them. Once the report is in, the next step is the office's.
"""

import datetime as dt

from openday.activities.enums import ActivityState
from openday.activities.lifecycle import ACTION_LABELS, next_actions
from openday.activities.models import Activity
from openday.activities.permissions import LIAISON_ACTIONS

# What a row shows when the next step is not the liaison's.
OFFICE_TURN_LABEL = "等待公开办办理"


def _forward_actions(state: str) -> list[str]:
    # Postponing is a choice a liaison may make, not the next step of the work.
    return [
        action
        for _target, action in next_actions(state)
        if action in LIAISON_ACTIONS and action != "postpone"
    ]


# States from which the liaison has a step to take; later ones wait for the office.
LIAISON_STEP_STATES = tuple(state for state in ActivityState.values if _forward_actions(state))


def next_step(activity: Activity, today: dt.date) -> str | None:
    """The liaison's next action on ``activity`` as of ``today``, or None (the office's turn).

    The lifecycle's first forward action the liaison may take, except that filing is skipped
    when the campaign asks for no plan to be filed, the notice is skipped while one handed in
    waits for the office's review, and once the date has come the step is to confirm the
    activity was held. Reads ``activity.campaign.rules`` (select it beforehand) and
    ``notice_waiting`` when annotated (``selectors.with_notice_waiting``).
    """
    actions = _forward_actions(activity.state)
    rules = getattr(activity.campaign, "rules", None)
    if "file" in actions and (rules is None or rules.filing_lead_days is None):
        actions.remove("file")
    if "hold" in actions and activity.scheduled_on and activity.scheduled_on <= today:
        return "hold"
    if getattr(activity, "notice_waiting", False):
        # The notice is with the office; the unit's next move is holding it, on the day.
        actions = [a for a in actions if a not in ("announce", "hold")]
    return actions[0] if actions else None


def step_label(step: str | None) -> str:
    """How a next step reads: the action's label, or that the office has the next move."""
    return ACTION_LABELS[step] if step else OFFICE_TURN_LABEL
